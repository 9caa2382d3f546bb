namespace Aims.Core.Signals.Streams;

/// <summary>A stream configuration after a create or update, or why the request was refused (a 400 description).</summary>
public sealed record StreamOutcome(StreamConfiguration? Stream, string? Error)
{
    public static StreamOutcome Fail(string error) => new(null, error);
}
