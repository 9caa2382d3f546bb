namespace Aims.Grains.Signals;

/// <summary>The stream after a management call, or the HTTP status and description to refuse it with.</summary>
[GenerateSerializer, Immutable, Alias("aims.SsfStreamOutcome")]
public sealed record SsfStreamOutcome(
    [property: Id(0)] SsfStreamView? Stream,
    [property: Id(1)] int Status,
    [property: Id(2)] string? Error)
{
    public static SsfStreamOutcome Ok(SsfStreamView stream) => new(stream, 200, null);

    public static SsfStreamOutcome NotFound(string streamId) => new(null, 404, $"no stream '{streamId}' for this receiver");

    public static SsfStreamOutcome BadRequest(string error) => new(null, 400, error);
}
