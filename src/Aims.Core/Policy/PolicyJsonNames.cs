namespace Aims.Core.Policy;

/// <summary>Member names of the policy v1 JSON document.</summary>
internal static class PolicyJsonNames
{
    public const string Description = "description";
    public const string Rules = "rules";
    public const string Match = "match";
    public const string Attestation = "attestation";
    public const string Allowed = "allowed";
    public const string Required = "required";
    public const string X509SvidTtlSeconds = "x509_svid_ttl_seconds";
    public const string JwtSvidTtlSeconds = "jwt_svid_ttl_seconds";
    public const string WitTtlSeconds = "wit_ttl_seconds";
    public const string Audiences = "audiences";
    public const string OAuth = "oauth";
    public const string Scopes = "scopes";
    public const string Resources = "resources";
    public const string AccessTokenTtlSeconds = "access_token_ttl_seconds";
    public const string RefreshTokenTtlSeconds = "refresh_token_ttl_seconds";
    public const string Delegation = "delegation";
    public const string MaxDepth = "max_depth";
    public const string Impersonation = "impersonation";
    public const string MayAct = "may_act";
    public const string Users = "users";
    public const string Transactions = "transactions";
    public const string TtlSeconds = "ttl_seconds";
    public const string SubjectAudiences = "subject_audiences";
    public const string Chaining = "chaining";
    public const string Partners = "partners";

    public static readonly string[] DocumentMembers = [Description, Rules];

    public static readonly string[] RuleMembers =
        [Match, Attestation, X509SvidTtlSeconds, JwtSvidTtlSeconds, WitTtlSeconds, Audiences, OAuth];

    public static readonly string[] AttestationMembers = [Allowed, Required];

    public static readonly string[] OAuthMembers =
        [Scopes, Resources, AccessTokenTtlSeconds, RefreshTokenTtlSeconds, Delegation, Users, Transactions, Chaining];

    public static readonly string[] DelegationMembers = [Allowed, MaxDepth, Impersonation, MayAct];

    public static readonly string[] TransactionMembers = [TtlSeconds, SubjectAudiences];

    public static readonly string[] ChainingMembers = [Partners, Scopes];
}
