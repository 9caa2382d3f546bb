namespace Aims.Core.Wimse;

/// <summary>HTTP header fields that carry WIMSE credentials and the tokens a proof binds (names are case-insensitive, RFC 9110 §5.1).</summary>
public static class WimseHeaders
{
    /// <summary>draft-ietf-wimse-workload-creds §3.2: one compact WIT.</summary>
    public const string WorkloadIdentityToken = "Workload-Identity-Token";

    /// <summary>draft-ietf-wimse-wpt §2: exactly one compact WPT per request.</summary>
    public const string WorkloadProofToken = "Workload-Proof-Token";

    /// <summary>draft-ietf-oauth-transaction-tokens "Using Txn-Tokens": the transaction token, never in <c>Authorization</c>.</summary>
    public const string TxnToken = "Txn-Token";
}
