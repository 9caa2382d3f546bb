using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>Policies that exist before an operator writes any.</summary>
public static class BuiltInPolicies
{
    public const string DefaultName = "default";

    /// <summary>
    /// One rule for every workload below the trust domain (<c>spiffe://td/**</c>): join-token attestation, default TTLs,
    /// and any JWT-SVID audience, which the operator is expected to narrow. Its <c>oauth</c> section allows no scope
    /// and no resource, so no agent gets an access token until an operator writes a policy that names some; it is
    /// there, with the default lifetimes and no delegation, to show where that goes.
    /// </summary>
    public static PolicyDocument Default(TrustDomain trustDomain)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);

        var rule = new PolicyRule(
            SpiffeIdPattern.Parse(trustDomain.IdString + "/**"),
            PolicyDefaults.Attestation,
            PolicyDefaults.X509SvidTtl,
            PolicyDefaults.JwtSvidTtl,
            PolicyDefaults.WitTtl,
            [PolicyDefaults.AnyAudience])
        {
            OAuth = new OAuthRule(
                PolicyDefaults.OAuthScopes,
                PolicyDefaults.OAuthResources,
                PolicyDefaults.AccessTokenTtl,
                PolicyDefaults.RefreshTokenTtl,
                PolicyDefaults.Delegation,
                PolicyDefaults.OAuthUsers),
        };

        return new PolicyDocument(
            "Built-in default: every workload in the trust domain with join-token attestation; any audience until narrowed; "
            + "no access tokens until oauth names scopes or resources.",
            [rule]);
    }
}
