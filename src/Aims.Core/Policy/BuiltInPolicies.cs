using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>Policies that exist before an operator writes any.</summary>
public static class BuiltInPolicies
{
    public const string DefaultName = "default";

    /// <summary>
    /// One rule for every workload below the trust domain (<c>spiffe://td/**</c>): join-token attestation, default TTLs,
    /// and any JWT-SVID audience, which the operator is expected to narrow.
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
            [PolicyDefaults.AnyAudience]);

        return new PolicyDocument(
            "Built-in default: every workload in the trust domain with join-token attestation; any audience until narrowed.",
            [rule]);
    }
}
