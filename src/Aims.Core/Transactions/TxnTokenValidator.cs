using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Core.OAuth;

namespace Aims.Core.Transactions;

/// <summary>
/// Validates Transaction Tokens as a receiving workload and the token service must (draft-ietf-oauth-transaction-tokens
/// §7.1, §4): <c>typ</c> <c>txntoken+jwt</c>, an ES* signature by a key of the authorization server, <c>iss</c> exact,
/// <c>aud</c> exactly this trust domain, not expired, and the required claims well formed. A refusal carries a
/// <see cref="CredentialErrors"/> code (or <see cref="AccessTokenValidator.WrongIssuer"/>) and a detail that says what to fix.
/// </summary>
public static class TxnTokenValidator
{
    private static readonly TxnTokenValidationStep[] Steps =
    [
        static c => JwtValidationSteps.ParseToken(c.Jwt),
        CheckAlgorithm,
        CheckType,
        ResolveKey,
        static c => JwtValidationSteps.VerifySignature(c.Jwt),
        ValidateIssuer,
        ValidateAudience,
        static c => JwtValidationSteps.ValidateLifetime(c.Jwt),
        static c => JwtValidationSteps.ValidateRequiredIssuedAt(c.Jwt),
        ReadTxn,
        ReadSubject,
        ReadScope,
        ReadRequestingWorkloads,
        ReadContexts,
    ];

    /// <param name="keys">The authorization server's signing keys by <c>kid</c> (its <c>jwks_uri</c>).</param>
    /// <param name="expectedIssuer">The issuer identifier, compared exactly.</param>
    /// <param name="trustDomain">The trust domain of the validating workload: <c>aud</c> must be exactly its name (draft §7.1).</param>
    /// <param name="clockSkew">Leeway for <c>exp</c>, <c>nbf</c> and <c>iat</c>; default 30 s.</param>
    public static CredentialValidationResult<TxnToken> Validate(string token, JwtBundle keys, string expectedIssuer,
        TrustDomain trustDomain, DateTimeOffset now, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(expectedIssuer);
        ArgumentNullException.ThrowIfNull(trustDomain);

        var jwt = new JwtValidationContext(token, keys, now, clockSkew ?? CredentialValidationWindow.DefaultClockSkew);
        var context = new TxnTokenValidationContext(jwt, expectedIssuer, trustDomain);
        foreach (var step in Steps)
        {
            if (!step(context))
                return CredentialValidationResult<TxnToken>.Failure(jwt.Error!, jwt.Detail!);
        }

        return CredentialValidationResult<TxnToken>.Success(new TxnToken(token, context.Issuer, context.Txn, context.Subject,
            trustDomain.Name, context.Scope, context.RequestingWorkloads, context.TransactionContext, context.RequesterContext,
            jwt.IssuedAt!.Value, jwt.ExpiresAt, jwt.Jws.KeyId!));
    }

    /// <summary>True when the token's JOSE header says it is a Txn-Token; nothing is verified (for routing only).</summary>
    public static bool LooksLikeTxnToken(string token) =>
        CompactJws.TryParse(token, CompactJws.DefaultMaxLength, out var jws, out _) && IsTxnTokenType(jws.Type);

    internal static bool IsTxnTokenType(string? typ) =>
        string.Equals(typ, OAuthConstants.JwtTypes.TxnToken, StringComparison.OrdinalIgnoreCase)
        || string.Equals(typ, TxnTokenMediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The registered media type (draft §12.2); RFC 7515 §4.1.9 lets <c>typ</c> carry it whole.</summary>
    private const string TxnTokenMediaType = "application/txntoken+jwt";

    private static bool CheckAlgorithm(TxnTokenValidationContext context) =>
        SigningAlgorithmPolicy.DescribeRefusal(context.Jwt.Jws.Algorithm, "transaction token") is not { } refusal
        || context.Reject(CredentialErrors.UnsupportedAlgorithm, refusal);

    /// <summary>Draft §4.1: typ MUST be txntoken+jwt. An access token is told where it belongs instead.</summary>
    private static bool CheckType(TxnTokenValidationContext context)
    {
        var typ = context.Jwt.Jws.Type;
        if (IsTxnTokenType(typ))
            return true;
        if (string.Equals(typ, OAuthConstants.JwtTypes.AccessToken, StringComparison.OrdinalIgnoreCase)
            || string.Equals(typ, OAuthConstants.JwtTypes.AccessTokenMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return context.Reject(CredentialErrors.WrongType,
                "this is an access token (typ 'at+jwt'), not a transaction token: send it as Authorization: Bearer, and a Txn-Token as typ 'txntoken+jwt'");
        }

        return context.Reject(CredentialErrors.WrongType,
            typ is null
                ? "header typ is missing; a transaction token has typ 'txntoken+jwt' (draft-ietf-oauth-transaction-tokens section 4.1)"
                : $"header typ must be 'txntoken+jwt' (draft-ietf-oauth-transaction-tokens section 4.1), got '{typ}'");
    }

    private static bool ResolveKey(TxnTokenValidationContext context)
    {
        var kid = context.Jwt.Jws.KeyId;
        if (string.IsNullOrEmpty(kid))
            return context.Reject(CredentialErrors.UnknownKid, "the header has no 'kid'; transaction tokens name their signing key (draft section 4.1)");
        if (!context.Jwt.Bundle.TryGetKey(kid, out var key))
            return context.Reject(CredentialErrors.UnknownKid, $"kid '{kid}' is not among the authorization server's keys; refresh them from its jwks_uri");

        context.Jwt.Key = key;
        return true;
    }

    /// <summary>Draft §4.2: iss is optional there, but required here: it says whose keys are to be used.</summary>
    private static bool ValidateIssuer(TxnTokenValidationContext context)
    {
        if (!context.TryGetIdentifier(JwtClaimNames.Issuer, out var iss))
            return false;
        if (!string.Equals(iss, context.ExpectedIssuer, StringComparison.Ordinal))
            return context.Reject(AccessTokenValidator.WrongIssuer, $"the transaction token was issued by '{iss}', not by '{context.ExpectedIssuer}'");

        context.Issuer = iss;
        return true;
    }

    /// <summary>Draft §4.2, §7.1: a Txn-Token MUST NOT be accepted outside the trust domain its aud names; one value, exactly.</summary>
    private static bool ValidateAudience(TxnTokenValidationContext context)
    {
        if (!AudienceClaim.TryRead(context.Jwt.Jws.Payload, out var audience, out var error, out var detail))
            return context.Reject(error, detail);
        var expected = context.ExpectedTrustDomain.Name;
        if (audience.Length != 1 || !string.Equals(audience[0], expected, StringComparison.Ordinal))
        {
            return context.Reject(CredentialErrors.WrongAudience,
                $"the transaction token is for trust domain [{string.Join(", ", audience)}], not for '{expected}'; it is valid only inside the trust domain its aud names (draft section 7.1)");
        }

        context.Jwt.Audience = audience;
        return true;
    }

    private static bool ReadTxn(TxnTokenValidationContext context)
    {
        if (!context.TryGetIdentifier(TxnTokenConstants.Claims.Txn, out var txn))
            return false;

        context.Txn = txn;
        return true;
    }

    private static bool ReadSubject(TxnTokenValidationContext context)
    {
        if (!context.TryGetIdentifier(JwtClaimNames.Subject, out var sub))
            return false;

        context.Subject = sub;
        return true;
    }

    /// <summary>Draft §4.2: scope is required; the purpose of the transaction, never empty.</summary>
    private static bool ReadScope(TxnTokenValidationContext context)
    {
        if (!context.Jwt.TryGetString(OAuthConstants.Claims.Scope, required: true, out var text))
            return false;
        if (!ScopeSet.TryParse(text, out var scope, out var error))
            return context.Reject(CredentialErrors.Malformed, $"the 'scope' claim is not valid: {error}");
        if (scope.IsEmpty)
            return context.Reject(CredentialErrors.Malformed, "the 'scope' claim is empty; a transaction token names the purpose of its transaction");

        context.Scope = scope;
        return true;
    }

    /// <summary>Draft §4.2 (-08): req_wl is one workload identifier, or several separated by ','.</summary>
    private static bool ReadRequestingWorkloads(TxnTokenValidationContext context)
    {
        if (!context.Jwt.TryGetString(TxnTokenConstants.Claims.RequestingWorkload, required: true, out var text))
            return false;
        var workloads = (text ?? string.Empty).Split(',');
        if (workloads.Length > TxnTokenConstants.Limits.MaxRequestingWorkloads)
            return context.Reject(CredentialErrors.Malformed, $"'req_wl' names {workloads.Length} workloads; at most {TxnTokenConstants.Limits.MaxRequestingWorkloads}");
        foreach (var workload in workloads)
        {
            if (workload.Length is 0 or > TxnTokenConstants.Limits.MaxIdentifierLength)
                return context.Reject(CredentialErrors.Malformed, "'req_wl' must be workload identifiers separated by single ',' characters");
        }

        context.RequestingWorkloads = workloads;
        return true;
    }

    /// <summary>Draft §4.2.1, §4.2.2: tctx and rctx, when present, are JSON objects.</summary>
    private static bool ReadContexts(TxnTokenValidationContext context)
    {
        var payload = context.Jwt.Jws.Payload;
        string? tctx = null, rctx = null;
        if (payload.TryGetProperty(TxnTokenConstants.Claims.TransactionContext, out var t)
            && !ContextObject.TryNormalize(t, "the 'tctx' claim", out tctx, out var tctxError))
        {
            return context.Reject(CredentialErrors.Malformed, tctxError);
        }

        if (payload.TryGetProperty(TxnTokenConstants.Claims.RequesterContext, out var r)
            && !ContextObject.TryNormalize(r, "the 'rctx' claim", out rctx, out var rctxError))
        {
            return context.Reject(CredentialErrors.Malformed, rctxError);
        }

        context.TransactionContext = tctx;
        context.RequesterContext = rctx;
        return true;
    }
}
