namespace Aims.Grains.Sessions;

/// <summary>An <c>authorization_code</c> token request (RFC 6749 §4.1.3) from an authenticated (or public) client.</summary>
/// <param name="ClientId">The authenticated client, or the public client's client_id.</param>
/// <param name="Resources">RFC 8707 §2.2: a subset of the granted resources, or empty for all of them.</param>
/// <param name="ClientAuthentication">How the client authenticated, for the audit record.</param>
/// <param name="CnfX5tS256">The mTLS certificate thumbprint the access token is bound to (RFC 8705 §3), or null.</param>
[GenerateSerializer, Immutable, Alias("aims.CodeRedemptionRequest")]
public sealed record CodeRedemptionRequest(
    [property: Id(0)] string Code,
    [property: Id(1)] string ClientId,
    [property: Id(2)] string RedirectUri,
    [property: Id(3)] string CodeVerifier,
    [property: Id(4)] IReadOnlyList<string> Resources,
    [property: Id(5)] string Issuer,
    [property: Id(6)] string ClientAuthentication,
    [property: Id(7)] string? CnfX5tS256,
    [property: Id(8)] string CorrelationId)
{
    /// <summary>Never the code or the verifier: this text may reach a log.</summary>
    public override string ToString() => $"authorization_code by {ClientId}";
}
