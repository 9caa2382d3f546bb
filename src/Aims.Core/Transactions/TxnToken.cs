using Aims.Core.OAuth;

namespace Aims.Core.Transactions;

/// <summary>
/// A Transaction Token (draft-ietf-oauth-transaction-tokens §4), as minted or as validated: a short-lived
/// <c>txntoken+jwt</c> that carries who the transaction is for and what it may do through one call chain of a trust
/// domain. Never log <see cref="Token"/>; log <see cref="Txn"/>.
/// </summary>
/// <param name="Audience">The trust domain name the token is valid in (draft §4.2 <c>aud</c>).</param>
/// <param name="RequestingWorkloads">
/// <c>req_wl</c> split on ',': the workload that asked for the transaction first, each one that replaced the token after.
/// </param>
/// <param name="TransactionContext">The <c>tctx</c> object as compact JSON, or null when the token has none.</param>
/// <param name="RequesterContext">The <c>rctx</c> object as compact JSON, or null when the token has none.</param>
public sealed record TxnToken(
    string Token,
    string Issuer,
    string Txn,
    string Subject,
    string Audience,
    ScopeSet Scope,
    IReadOnlyList<string> RequestingWorkloads,
    string? TransactionContext,
    string? RequesterContext,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Kid)
{
    /// <summary>The workload that asked for this very token: the last of <see cref="RequestingWorkloads"/>.</summary>
    public string RequestingWorkload => RequestingWorkloads[^1];

    public override string ToString() =>
        $"txn token txn={Txn} sub={Subject} req_wl={string.Join(',', RequestingWorkloads)} kid={Kid} exp={ExpiresAt:O}";
}
