namespace Aims.Core.Wimse;

/// <summary>The token-hash claims of a Workload Proof Token (draft-ietf-wimse-wpt §2).</summary>
public static class WptClaimNames
{
    /// <summary>Hash of the WIT in the <c>Workload-Identity-Token</c> header.</summary>
    public const string WitHash = "wth";

    /// <summary>Hash of the OAuth access token, as in RFC 9449 §4.1.</summary>
    public const string AccessTokenHash = "ath";

    /// <summary>Hash of the <c>Txn-Token</c>.</summary>
    public const string TxnTokenHash = "tth";

    /// <summary>Hashes of other tokens, a JSON object keyed by the lower-cased header field name.</summary>
    public const string OtherTokenHashes = "oth";
}
