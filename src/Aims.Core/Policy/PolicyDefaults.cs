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
}
