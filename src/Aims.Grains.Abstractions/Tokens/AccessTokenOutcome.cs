namespace Aims.Grains.Tokens;

/// <summary>An issued access token, or the RFC 6749 §5.2 error and description to answer with.</summary>
[GenerateSerializer, Immutable, Alias("aims.AccessTokenOutcome")]
public sealed record AccessTokenOutcome(
    [property: Id(0)] AccessTokenIssued? Issued,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? ErrorDescription)
{
    public static AccessTokenOutcome Refused(string error, string description) => new(null, error, description);
}
