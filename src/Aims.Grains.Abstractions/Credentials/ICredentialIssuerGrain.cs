namespace Aims.Grains.Credentials;

/// <summary>
/// Signs credentials with the authority's active keys, one worker per silo core so signing scales out
/// instead of queueing on the authority grain. Every credential is checked by the relying-party validator
/// before it is returned (mint, then verify). Keyed by trust domain.
/// </summary>
[Alias("aims.ICredentialIssuerGrain")]
public interface ICredentialIssuerGrain : IGrainWithStringKey
{
    /// <param name="serverNames">DNS names or IPs for a server certificate (a silo's own TLS endpoint); empty for agents.</param>
    [Alias("IssueX509Svid")] Task<X509SvidIssued> IssueX509SvidAsync(string spiffeId, string csrPem, TimeSpan ttl, IReadOnlyList<string> serverNames);

    [Alias("MintJwtSvid")] Task<JwtSvidIssued> MintJwtSvidAsync(string spiffeId, IReadOnlyList<string> audience, TimeSpan ttl);

    [Alias("MintWit")] Task<WitIssued> MintWitAsync(string spiffeId, string jwkJson, TimeSpan ttl);

    /// <summary>Signs an RFC 9068 access token with the authorization server key, then validates it.</summary>
    [Alias("MintAccessToken")] Task<Tokens.AccessTokenIssued> MintAccessTokenAsync(Tokens.AccessTokenMint request);

    /// <summary>Signs a JWT authorization grant for a partner authorization server (identity chaining) with the authorization server key, then verifies it.</summary>
    [Alias("MintAuthorizationGrant")] Task<Tokens.AuthorizationGrantIssued> MintAuthorizationGrantAsync(Tokens.AuthorizationGrantMint request);

    /// <summary>Signs a Txn-Token (<c>txntoken+jwt</c>) with the authorization server key, then validates it.</summary>
    [Alias("MintTxnToken")] Task<Transactions.TxnTokenIssued> MintTxnTokenAsync(Transactions.TxnTokenMint request);

    /// <summary>Signs one SET (SSF 1.0 §4) for a receiver with the authorization server key (the keys of <c>/oauth2/jwks</c>).</summary>
    [Alias("SignSecurityEvent")] Task<string> SignSecurityEventAsync(Signals.SecurityEventMessage securityEvent, string issuer, IReadOnlyList<string> audience, string jti);
}
