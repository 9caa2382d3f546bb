namespace Aims.Core.Transactions;

/// <summary>The protocol strings and bounds of Transaction Tokens (draft-ietf-oauth-transaction-tokens-07).</summary>
public static class TxnTokenConstants
{
    /// <summary>The HTTP header a Txn-Token travels in (draft §7.1); never <c>Authorization</c>.</summary>
    public const string Header = "Txn-Token";

    /// <summary>Txn-Token claims (draft §4.2), beside the registered <c>iss</c>, <c>sub</c>, <c>aud</c>, <c>iat</c>, <c>exp</c>.</summary>
    public static class Claims
    {
        /// <summary>The transaction identifier (RFC 8417 §2.2), kept by every replacement.</summary>
        public const string Txn = "txn";

        /// <summary>The workloads that requested the token, comma-separated, oldest first (draft §4.2, §10.5).</summary>
        public const string RequestingWorkload = "req_wl";

        /// <summary>The transaction context: values that stay immutable through the call chain (draft §4.2.2).</summary>
        public const string TransactionContext = "tctx";

        /// <summary>The requester context: the environment of the external call (draft §4.2.1).</summary>
        public const string RequesterContext = "rctx";
    }

    /// <summary>Members of <c>rctx</c> the draft defines (§4.2.1).</summary>
    public static class RequesterContextMembers
    {
        public const string RequesterIp = "req_ip";
        public const string Authentication = "authn";
    }

    /// <summary>Token request parameters of the Txn-Token profile of token exchange (draft §6.1).</summary>
    public static class Parameters
    {
        /// <summary>A JSON object with the context of the request; it becomes <c>rctx</c>.</summary>
        public const string RequestContext = "request_context";

        /// <summary>A JSON object with details of the request; it becomes <c>tctx</c>.</summary>
        public const string RequestDetails = "request_details";
    }

    /// <summary>
    /// <c>authn</c> of a transaction started from an OAuth 2.0 access token: the value of the draft's own example
    /// (draft §4.2.1), naming RFC 6749.
    /// </summary>
    public const string OAuthAuthentication = "urn:ietf:rfc:6749";

    /// <summary>Bounds of what a Txn-Token may carry, so a call chain cannot grow it without limit.</summary>
    public static class Limits
    {
        /// <summary>The largest <c>tctx</c> or <c>rctx</c> object, in UTF-8 bytes of its JSON.</summary>
        public const int MaxContextBytes = 4 * 1024;

        /// <summary>The deepest nesting of a context object (the object itself is depth 1).</summary>
        public const int MaxContextDepth = 4;

        /// <summary>The most workloads <c>req_wl</c> may name: each replacement appends one.</summary>
        public const int MaxRequestingWorkloads = 16;

        /// <summary>The longest <c>txn</c>, <c>sub</c> or workload identifier accepted from a presented token.</summary>
        public const int MaxIdentifierLength = 512;
    }
}
