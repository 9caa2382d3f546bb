namespace Aims.Grains.Sessions;

/// <summary>An authorization response (RFC 6749 §4.1.2) or error response (§4.1.2.1) for the client's verified redirect URI.</summary>
/// <param name="Code">The authorization code, on success.</param>
/// <param name="Error">An RFC 6749 §4.1.2.1 error code, on refusal.</param>
/// <param name="State">The request's state, returned unchanged.</param>
[GenerateSerializer, Immutable, Alias("aims.AuthorizationRedirect")]
public sealed record AuthorizationRedirect(
    [property: Id(0)] string RedirectUri,
    [property: Id(1)] string? Code,
    [property: Id(2)] string? Error,
    [property: Id(3)] string? ErrorDescription,
    [property: Id(4)] string? State)
{
    public override string ToString() => Code is null ? $"{RedirectUri} error={Error}" : $"{RedirectUri} with a code";
}
