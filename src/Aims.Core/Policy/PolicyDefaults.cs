namespace Aims.Core.Policy;

/// <summary>The value a rule takes when its JSON leaves a member out.</summary>
public static class PolicyDefaults
{
    /// <summary>The attestation type of a one-time join token, the only one accepted unless a rule says otherwise.</summary>
    public const string JoinToken = Aims.Core.Attestation.JoinTokenRules.EvidenceType;

    /// <summary>A JWT-SVID audience pattern matching every audience.</summary>
    public const string AnyAudience = "*";

    public static readonly TimeSpan X509SvidTtl = TimeSpan.FromSeconds(3600);

    public static readonly TimeSpan JwtSvidTtl = TimeSpan.FromSeconds(300);

    public static readonly TimeSpan WitTtl = TimeSpan.FromSeconds(1800);

    public static readonly AttestationRequirement Attestation = new([JoinToken], []);

    /// <summary>
    /// No audience: a rule that does not name its audiences gets no JWT-SVIDs, because defaulting to any audience would
    /// let a forgotten member hand out tokens every relying party accepts.
    /// </summary>
    public static readonly IReadOnlyList<string> Audiences = [];

    /// <summary>An <c>oauth.scopes</c> entry matching every scope.</summary>
    public const string AnyScope = "*";

    /// <summary>An <c>oauth.users</c> entry matching every user.</summary>
    public const string AnyUser = "*";

    /// <summary>The prefix of an <c>oauth.users</c> entry that names a group rather than a user.</summary>
    public const string UserGroupPrefix = "group:";

    /// <summary>
    /// No scope, no resource and no user: an <c>oauth</c> section that leaves these out grants nothing, for the same
    /// reason as <see cref="Audiences"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> OAuthScopes = [];

    public static readonly IReadOnlyList<string> OAuthResources = [];

    public static readonly IReadOnlyList<string> OAuthUsers = [];

    public static readonly TimeSpan AccessTokenTtl = TimeSpan.FromSeconds(300);

    public static readonly TimeSpan RefreshTokenTtl = TimeSpan.FromSeconds(86400);

    /// <summary>No delegation, no impersonation; an act chain of up to 3 once delegation is allowed.</summary>
    public static readonly DelegationRule Delegation = new(false, 3, false);
}
