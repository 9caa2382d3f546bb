namespace Aims.Grains.Agents;

/// <summary>Policy's answer at consent: what is granted and until when, or the RFC 6749 §4.1.2.1 error to redirect with.</summary>
/// <param name="GrantedScopes">The requested scopes policy allows (possibly fewer than asked).</param>
/// <param name="AuthorizedAt">When the agent recorded the session: the code's life starts here.</param>
/// <param name="ExpiresAt">The absolute end of the session: <paramref name="AuthorizedAt"/> plus the policy's refresh token lifetime.</param>
[GenerateSerializer, Immutable, Alias("aims.SessionAuthorizationResult")]
public sealed record SessionAuthorizationResult(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] IReadOnlyList<string> GrantedScopes,
    [property: Id(2)] DateTimeOffset AuthorizedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string? Error,
    [property: Id(5)] string? ErrorDescription)
{
    public static SessionAuthorizationResult Refused(string error, string description) =>
        new(false, [], DateTimeOffset.MinValue, DateTimeOffset.MinValue, error, description);
}
