namespace Aims.Grains.Tokens;

/// <summary>An issued JWT authorization grant, or the RFC 6749 §5.2 / RFC 8693 §2.2.2 error and description to answer with.</summary>
[GenerateSerializer, Immutable, Alias("aims.AuthorizationGrantOutcome")]
public sealed record AuthorizationGrantOutcome(
    [property: Id(0)] AuthorizationGrantIssued? Issued,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? ErrorDescription)
{
    public static AuthorizationGrantOutcome Refused(string error, string description) => new(null, error, description);
}
