namespace Aims.ResourceServer.Transactions;

/// <summary>
/// Claim types of a principal authenticated by a Txn-Token, named as in the token (draft §4.2). <c>sub</c> and
/// <c>scope</c> are <see cref="Authentication.AimsClaimTypes.Subject"/> and <see cref="Authentication.AimsClaimTypes.Scope"/>,
/// so <see cref="ScopeRequirement"/>-style checks read the same claims as for access tokens.
/// </summary>
public static class TxnClaimTypes
{
    /// <summary>The transaction identifier.</summary>
    public const string Txn = "txn";

    /// <summary>One claim per workload of the call chain (<c>req_wl</c>), the one that started the transaction first.</summary>
    public const string RequestingWorkload = "req_wl";

    /// <summary>The transaction context object, as JSON.</summary>
    public const string TransactionContext = "tctx";

    /// <summary>The requester context object, as JSON.</summary>
    public const string RequesterContext = "rctx";
}
