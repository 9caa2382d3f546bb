using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Aims.Grains.Authority;
using Orleans.Concurrency;

namespace Aims.Grains.Credentials;

/// <summary>
/// A per-silo signing worker. It signs with the active keys of the silo's key ring (<see cref="SiloKeyRing"/>) and
/// validates each credential with the relying-party validator before returning it (mint, then verify). Access tokens
/// are minted by <see cref="AccessTokenMinter"/>, which the granting grains also call in their own turn.
/// </summary>
[StatelessWorker]
public sealed class CredentialIssuerGrain(SiloKeyRing keys, AccessTokenMinter accessTokens, TimeProvider time) : Grain, ICredentialIssuerGrain
{
    private readonly JwtSvidIssuer _jwtIssuer = new();
    private readonly WitIssuer _witIssuer = new();
    private readonly Core.Signals.SecurityEventTokenWriter _setWriter = new();
    private readonly Core.Transactions.TxnTokenWriter _txnTokenWriter = new();
    private readonly Core.OAuth.Chaining.AuthorizationGrantWriter _grantWriter = new();
    private (long Sequence, string Kid)? _txnTokenKeyVerified;

    public async Task<X509SvidIssued> IssueX509SvidAsync(string spiffeId, string csrPem, TimeSpan ttl, IReadOnlyList<string> serverNames)
    {
        var ring = await RingAsync();
        var now = time.GetUtcNow();
        var ca = ring.ActiveCertificateAuthority ?? throw new InvalidOperationException("The authority has no active CA.");
        if (!CertificateSigningRequest.TryParse(csrPem, out var csr, out var error))
            throw new ArgumentException(error, nameof(csrPem));

        // Mint, then verify: Issue checks the whole chain against the published bundle before returning it.
        var svid = X509SvidIssuer.Issue(
            ca, SpiffeId.Parse(spiffeId), csr, now, ttl, CertificateSerialNumber.Create(), ring.X509Bundle,
            [.. serverNames.Select(ServerName.Parse)]);
        var subjectJwk = csr.PublicJwk() is { } jwk ? System.Text.Json.JsonSerializer.Serialize(jwk) : null;
        return new X509SvidIssued(svid.SerialNumberHex.ToLowerInvariant(), svid.ToPem(), svid.NotBefore, svid.NotAfter, ca.Certificate.SerialNumber.ToLowerInvariant(), subjectJwk);
    }

    public async Task<JwtSvidIssued> MintJwtSvidAsync(string spiffeId, IReadOnlyList<string> audience, TimeSpan ttl)
    {
        var ring = await RingAsync();
        var now = time.GetUtcNow();
        var key = ring.ActiveJwtKey ?? throw new InvalidOperationException("The authority has no active JWT-SVID key.");
        var svid = _jwtIssuer.Mint(key, SpiffeId.Parse(spiffeId), audience, now, ttl);
        var check = JwtSvidValidator.Validate(svid.Token, ring.JwtBundle, audience, now);
        if (!check.IsValid)
            throw new InvalidOperationException($"Issued JWT-SVID failed its own validation: {check}");

        return new JwtSvidIssued(svid.Jti, svid.Audience, svid.Token, svid.ExpiresAt, key.Kid);
    }

    public async Task<WitIssued> MintWitAsync(string spiffeId, string jwkJson, TimeSpan ttl)
    {
        var ring = await RingAsync();
        var now = time.GetUtcNow();
        var key = ring.ActiveWitKey ?? throw new InvalidOperationException("The authority has no active WIT key.");
        var agentKey = JsonWebKey.Parse(jwkJson) ?? throw new ArgumentException("jwk must be a JSON Web Key object", nameof(jwkJson));
        var wit = _witIssuer.Mint(key, SpiffeId.Parse(spiffeId), agentKey, now, ttl);
        var check = WitValidator.Validate(wit.Token, ring.WitBundle, now);
        if (!check.IsValid)
            throw new InvalidOperationException($"Issued WIT failed its own validation: {check}");

        return new WitIssued(wit.Jti, wit.Token, wit.ExpiresAt, key.Kid);
    }

    public Task<Tokens.AccessTokenIssued> MintAccessTokenAsync(Tokens.AccessTokenMint request) => accessTokens.MintAsync(request).AsTask();

    public async Task<Tokens.AuthorizationGrantIssued> MintAuthorizationGrantAsync(Tokens.AuthorizationGrantMint request)
    {
        var ring = await RingAsync();
        var now = time.GetUtcNow();
        var key = ring.ActiveOAuthKey ?? throw new InvalidOperationException("The authority has no active authorization-server key.");
        var grant = _grantWriter.Mint(key, new Core.OAuth.Chaining.AuthorizationGrantRequest
        {
            Issuer = request.Issuer,
            Subject = request.Subject,
            Audience = request.Audience,
            ClientId = request.ClientId,
            Scope = ScopeSet.Create(request.Scopes),
            Actors = request.Actors,
            Ttl = request.Ttl,
        }, now);

        // Mint, then verify, every time: grants are rare next to access tokens, and one that fails at the partner
        // would only be noticed there.
        if (Core.OAuth.Chaining.AuthorizationGrantWriter.Problem(grant, ring.OAuthKeys, now) is { } problem)
            throw new InvalidOperationException($"Issued authorization grant failed its own verification: {problem}");

        return new Tokens.AuthorizationGrantIssued(grant.Token, grant.Jti, grant.Scope.ToString(), grant.Audience, grant.IssuedAt, grant.ExpiresAt, grant.Kid);
    }

    public async Task<Transactions.TxnTokenIssued> MintTxnTokenAsync(Transactions.TxnTokenMint request)
    {
        var ring = await RingAsync();
        var now = time.GetUtcNow();
        var key = ring.ActiveOAuthKey ?? throw new InvalidOperationException("The authority has no active authorization-server key.");
        var token = _txnTokenWriter.Mint(key, new Core.Transactions.TxnTokenRequest
        {
            Issuer = request.Issuer,
            Txn = request.Txn,
            Subject = request.Subject,
            Audience = request.Audience,
            Scope = ScopeSet.Create(request.Scopes),
            RequestingWorkloads = request.RequestingWorkloads,
            TransactionContext = request.TransactionContext,
            RequesterContext = request.RequesterContext,
            Ttl = request.Ttl,
            NotAfter = request.NotAfter,
        }, now);

        // Mint, then verify, once per key ring and signing key, as for access tokens: the writer is deterministic.
        var verifiedKey = (ring.Sequence, key.Kid);
        if (verifiedKey != _txnTokenKeyVerified)
        {
            var check = Core.Transactions.TxnTokenValidator.Validate(token.Token, ring.OAuthKeys, request.Issuer, keys.Material.TrustDomain, now);
            if (!check.IsValid)
                throw new InvalidOperationException($"Issued transaction token failed its own validation: {check}");
            _txnTokenKeyVerified = verifiedKey;
        }

        return new Transactions.TxnTokenIssued(token.Token, token.Txn, token.Scope.ToString(), token.RequestingWorkloads, token.IssuedAt, token.ExpiresAt, token.Kid);
    }

    public async Task<string> SignSecurityEventAsync(Signals.SecurityEventMessage securityEvent, string issuer, IReadOnlyList<string> audience, string jti)
    {
        var ring = await RingAsync();
        var key = ring.ActiveOAuthKey ?? throw new InvalidOperationException("The authority has no active authorization-server key.");
        return _setWriter.Write(Signals.SecurityEventMapping.ToCore(securityEvent), issuer, audience, jti, time.GetUtcNow(), key);
    }

    private ValueTask<AuthorityKeyRing> RingAsync() => keys.CurrentAsync();
}
