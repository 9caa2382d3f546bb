namespace Aims.Core.Signals;

/// <summary>The outcome of validating a SET: the event, or an RFC 8935 §2.3 error code and a description for the transmitter.</summary>
public sealed record SetValidationResult(ReceivedSecurityEvent? Event, string? Error, string? Description)
{
    public bool IsValid => Event is not null;

    public static SetValidationResult Fail(string error, string description) => new(null, error, description);
}
