namespace Aims.Cli.Http;

/// <summary>JSON member and query parameter names of the wire contract (API.md) that the CLI writes or reads.</summary>
internal static class WireNames
{
    public const string SpiffeId = "spiffe_id";
    public const string State = "state";
    public const string Policy = "policy";
    public const string Selectors = "selectors";
    public const string Metadata = "metadata";
    public const string Reason = "reason";
    public const string Scope = "scope";
    public const string ReasonCode = "reason_code";
    public const string Id = "id";
    public const string Kind = "kind";
    public const string Agents = "agents";
    public const string Next = "next";
    public const string From = "from";
    public const string To = "to";

    public const string ParentId = "parent_id";
    public const string X509SvidTtl = "x509_svid_ttl";
    public const string JwtSvidTtl = "jwt_svid_ttl";
    public const string DnsNames = "dns_names";
    public const string Hint = "hint";
    public const string Entries = "entries";

    public const string Token = "token";
    public const string TtlSeconds = "ttl_seconds";
    public const string ExpiresAt = "expires_at";

    // SPIFFE Trust Domain and Bundle §4: the bundle is a JWK Set with SPIFFE members.
    public const string Keys = "keys";
    public const string SpiffeSequence = "spiffe_sequence";
    public const string SpiffeRefreshHint = "spiffe_refresh_hint";
    public const string Use = "use";
    public const string Kid = "kid";
    public const string Kty = "kty";
    public const string Crv = "crv";
    public const string X5c = "x5c";
    public const string X509SvidUse = "x509-svid";

    public const string Name = "name";
    public const string Version = "version";
    public const string Document = "document";

    public const string Valid = "valid";
    public const string FirstBadSequence = "first_bad_sequence";
    public const string Problem = "problem";
    public const string Records = "records";
    public const string Sequence = "sequence";
    public const string Timestamp = "timestamp";
    public const string Action = "action";
    public const string Decision = "decision";
    public const string AgentId = "agent_id";
    public const string Actor = "actor";

    // Query parameters.
    public const string Prefix = "prefix";
    public const string After = "after";
    public const string Agent = "agent";
    public const string Since = "since";
}
