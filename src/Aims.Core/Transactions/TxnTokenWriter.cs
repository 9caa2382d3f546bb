using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Jose;
using Aims.Core.OAuth;

namespace Aims.Core.Transactions;

/// <summary>
/// Mints Transaction Tokens (draft-ietf-oauth-transaction-tokens §4): header <c>{"alg","kid","typ":"txntoken+jwt"}</c>,
/// claims <c>iss</c>, <c>iat</c>, <c>aud</c> (the trust domain), <c>exp</c>, <c>txn</c>, <c>sub</c>, <c>scope</c>,
/// <c>req_wl</c>, and <c>tctx</c>/<c>rctx</c> when the request has them. Not thread-safe: it reuses its buffers, so
/// keep one per grain activation.
/// </summary>
public sealed class TxnTokenWriter
{
    private readonly CompactJwsWriter _writer = new();

    /// <exception cref="ArgumentException">
    /// A required value is empty, the scope is empty, the call chain is empty, too long or has an entry with a ',',
    /// a context is not a normalized object, the lifetime is not positive or ends before it starts.
    /// </exception>
    public TxnToken Mint(SigningCredential key, TxnTokenRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        var workloads = CheckRequest(request);
        var ttl = request.NotAfter is { } notAfter && notAfter - now < request.Ttl ? notAfter - now : request.Ttl;
        var (issuedAt, expiresAt) = JwtIssuance.Lifetime(key, now, ttl);

        var json = _writer.BeginPayload();
        json.WriteString(JwtClaimNames.Issuer, request.Issuer);
        json.WriteNumber(JwtClaimNames.IssuedAt, issuedAt);
        json.WriteString(JwtClaimNames.Audience, request.Audience);
        json.WriteNumber(JwtClaimNames.ExpiresAt, expiresAt);
        json.WriteString(TxnTokenConstants.Claims.Txn, request.Txn);
        json.WriteString(JwtClaimNames.Subject, request.Subject);
        json.WriteString(OAuthConstants.Claims.Scope, request.Scope.ToString());
        json.WriteString(TxnTokenConstants.Claims.RequestingWorkload, string.Join(',', workloads));
        if (request.TransactionContext is { } tctx)
            ContextObject.WriteClaim(json, TxnTokenConstants.Claims.TransactionContext, tctx);
        if (request.RequesterContext is { } rctx)
            ContextObject.WriteClaim(json, TxnTokenConstants.Claims.RequesterContext, rctx);
        var token = _writer.Complete(key.PrivateKey, key.Algorithm, key.Kid, OAuthConstants.JwtTypes.TxnToken);

        return new TxnToken(token, request.Issuer, request.Txn, request.Subject, request.Audience, request.Scope, workloads,
            request.TransactionContext, request.RequesterContext,
            DateTimeOffset.FromUnixTimeSeconds(issuedAt), DateTimeOffset.FromUnixTimeSeconds(expiresAt), key.Kid);
    }

    private static string[] CheckRequest(TxnTokenRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Issuer, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Txn, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Subject, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Audience, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Scope, nameof(request));
        ArgumentNullException.ThrowIfNull(request.RequestingWorkloads, nameof(request));
        if (request.Scope.IsEmpty)
            throw new ArgumentException("A Txn-Token needs a scope: the purpose of the transaction (draft §4.2).", nameof(request));

        var workloads = request.RequestingWorkloads.ToArray();
        if (workloads.Length is 0 or > TxnTokenConstants.Limits.MaxRequestingWorkloads)
            throw new ArgumentException($"req_wl names 1 to {TxnTokenConstants.Limits.MaxRequestingWorkloads} workloads, not {workloads.Length}.", nameof(request));
        foreach (var workload in workloads)
        {
            if (string.IsNullOrEmpty(workload) || workload.Contains(',', StringComparison.Ordinal))
                throw new ArgumentException($"'{workload}' is not a workload identifier: non-empty, without ',' (draft §4.2 req_wl).", nameof(request));
        }

        foreach (var (name, context) in new[] { ("tctx", request.TransactionContext), ("rctx", request.RequesterContext) })
        {
            if (context is not null && (!ContextObject.TryNormalize(context, name, out var normalized, out _) || normalized != context))
                throw new ArgumentException($"{name} must be a normalized JSON object (ContextObject.TryNormalize).", nameof(request));
        }

        return workloads;
    }
}
