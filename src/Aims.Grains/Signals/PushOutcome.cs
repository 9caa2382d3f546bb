namespace Aims.Grains.Signals;

/// <summary>What one push attempt achieved: delivered, refused for good (RFC 8935 400), or worth a retry.</summary>
public sealed record PushOutcome(bool Done, bool Retryable, string? Error)
{
    public static PushOutcome Delivered { get; } = new(true, false, null);

    public static PushOutcome Refused(string error) => new(true, false, error);

    public static PushOutcome Retry(string error) => new(false, true, error);
}
