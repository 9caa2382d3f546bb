namespace Aims.Bench.Http;

/// <summary>Names of the phases of an HTTP round, as they appear in the table and the JSON.</summary>
internal static class HttpPhases
{
    public const string Sign = "raw es256 sign";
    public const string Verify = "raw es256 verify";
    public const string ClientCredentials = "http client_credentials";
    public const string Exchange = "http token-exchange";

    /// <summary>Transaction tokens started from an access token (draft-ietf-oauth-transaction-tokens §6).</summary>
    public const string TxnToken = "http txn-token";

    public static readonly string[] All = [Sign, Verify, ClientCredentials, Exchange, TxnToken];
}
