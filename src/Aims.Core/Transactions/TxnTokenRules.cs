using Aims.Core.OAuth;

namespace Aims.Core.Transactions;

/// <summary>
/// What a Txn-Token may say, decided from what was presented (draft §6.3, §10.5): its scope never exceeds the subject
/// token's, and a replacement keeps <c>txn</c>, <c>sub</c>, <c>aud</c> and the asserted context, can only narrow the
/// scope, appends its requester to <c>req_wl</c> and never outlives the token it replaces. A refusal is an RFC 6749
/// §5.2 error that tells the caller what to fix.
/// </summary>
public static class TxnTokenRules
{
    /// <summary>
    /// Draft §6.3, §10 "Scope Processing": the scope asked for is the purpose of the transaction, required, and equal to
    /// or less than what <paramref name="held"/> (the subject token's scope, after any reduction) allows.
    /// </summary>
    /// <param name="what">What holds <paramref name="held"/>, for the error (e.g. "the subject token").</param>
    public static OAuthError? ScopeRefusal(ScopeSet requested, ScopeSet held, string what)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(held);
        if (requested.IsEmpty)
            return OAuthError.InvalidRequest("scope is required for a transaction token: the purpose of the transaction (draft-ietf-oauth-transaction-tokens section 6.1)");
        if (requested.IsSubsetOf(held))
            return null;

        var wider = requested.Where(s => !held.Contains(s));
        return OAuthError.InvalidScope(
            $"scope {string.Join(' ', wider)} is not in {what} (which carries '{held}'); a transaction token can only narrow scope");
    }

    /// <summary>A new transaction started by <paramref name="requester"/> for <paramref name="subject"/>.</summary>
    public static TxnTokenRequest Start(
        string issuer, string txn, string subject, string trustDomain, ScopeSet scope, string requester,
        string? transactionContext, string? requesterContext, TimeSpan ttl) => new()
        {
            Issuer = issuer,
            Txn = txn,
            Subject = subject,
            Audience = trustDomain,
            Scope = scope,
            RequestingWorkloads = [requester],
            TransactionContext = transactionContext,
            RequesterContext = requesterContext,
            Ttl = ttl,
        };

    /// <summary>
    /// The replacement of <paramref name="presented"/> that <paramref name="requester"/> asks for: <paramref name="requested"/>
    /// scope (empty keeps the presented scope), <paramref name="additions"/> to <c>tctx</c> (normalized, or null).
    /// </summary>
    public static (TxnTokenRequest? Request, OAuthError? Error) Replace(
        TxnToken presented, ScopeSet requested, string? additions, string requester, TimeSpan ttl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentException.ThrowIfNullOrEmpty(requester);

        // -08 §10.5: "MUST NOT issue a new Txn-Token when the Txn-Token being replaced has expired".
        if (now >= presented.ExpiresAt)
            return (null, OAuthError.InvalidRequest($"subject_token expired at {presented.ExpiresAt:O}; an expired transaction token is never replaced"));
        if (presented.RequestingWorkloads.Count >= TxnTokenConstants.Limits.MaxRequestingWorkloads)
        {
            return (null, OAuthError.InvalidRequest(
                $"the transaction's req_wl already names {presented.RequestingWorkloads.Count} workloads, the most a call chain may have; pass the transaction token on unmodified instead"));
        }

        var scope = requested.IsEmpty ? presented.Scope : requested;
        if (ScopeRefusal(scope, presented.Scope, "the transaction token being replaced") is { } refusal)
            return (null, refusal);
        if (!ContextObject.TryExtend(presented.TransactionContext, additions, TxnTokenConstants.Parameters.RequestDetails, out var tctx, out var error))
            return (null, OAuthError.InvalidRequest(error));

        return (new TxnTokenRequest
        {
            Issuer = presented.Issuer,
            Txn = presented.Txn,
            Subject = presented.Subject,
            Audience = presented.Audience,
            Scope = scope,
            RequestingWorkloads = [.. presented.RequestingWorkloads, requester],
            TransactionContext = tctx,
            RequesterContext = presented.RequesterContext,
            Ttl = ttl,
            NotAfter = presented.ExpiresAt,
        }, null);
    }
}
