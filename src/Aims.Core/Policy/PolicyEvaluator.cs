namespace Aims.Core.Policy;

/// <summary>
/// Decides a <see cref="PolicyRequest"/> against a <see cref="PolicyDocument"/>: the first rule whose pattern matches
/// the SPIFFE ID applies, and its checks run in order; the first that fails denies. Pure: no clock, no I/O.
/// </summary>
public static partial class PolicyEvaluator
{
    private delegate string? Check(PolicyRule rule, int index, PolicyRequest request);

    private static readonly Check[] Checks =
    [
        RequireAttestation,
        AllowOnlyListedAttestationTypes,
        RequireRequiredAttestationTypes,
        AllowOnlyListedAudiences,
    ];

    public static PolicyDecision Evaluate(PolicyDocument policy, PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.SpiffeId);
        ArgumentNullException.ThrowIfNull(request.AttestationTypes);
        ArgumentNullException.ThrowIfNull(request.Audiences);

        for (var index = 0; index < policy.Rules.Count; index++)
        {
            var rule = policy.Rules[index];
            if (rule.Match.Matches(request.SpiffeId))
                return Decide(rule, index, request);
        }

        return new PolicyDecision(false, PolicyReasons.NoRuleMatches(request.SpiffeId, policy.Rules.Count), null, null);
    }

    private static PolicyDecision Decide(PolicyRule rule, int index, PolicyRequest request)
    {
        foreach (var check in Checks)
        {
            if (check(rule, index, request) is { } denial)
                return new PolicyDecision(false, denial, rule, index);
        }

        return new PolicyDecision(true, PolicyReasons.Allowed(index, rule, request.SpiffeId), rule, index);
    }

    private static string? RequireAttestation(PolicyRule rule, int index, PolicyRequest request) =>
        request.AttestationTypes.Count == 0 ? PolicyReasons.NoAttestation(index, rule) : null;

    private static string? AllowOnlyListedAttestationTypes(PolicyRule rule, int index, PolicyRequest request)
    {
        foreach (var type in Sorted(request.AttestationTypes))
        {
            if (!rule.Attestation.Allowed.Contains(type, StringComparer.Ordinal))
                return PolicyReasons.AttestationNotAllowed(index, rule, type);
        }

        return null;
    }

    private static string? RequireRequiredAttestationTypes(PolicyRule rule, int index, PolicyRequest request)
    {
        foreach (var type in rule.Attestation.Required)
        {
            if (!request.AttestationTypes.Contains(type, StringComparer.Ordinal))
                return PolicyReasons.AttestationMissing(index, rule, type, Sorted(request.AttestationTypes));
        }

        return null;
    }

    private static string? AllowOnlyListedAudiences(PolicyRule rule, int index, PolicyRequest request)
    {
        foreach (var audience in Sorted(request.Audiences))
        {
            if (string.IsNullOrEmpty(audience))
                return PolicyReasons.AudienceEmpty(index, rule);
            if (!rule.Audiences.Any(pattern => AudienceMatches(pattern, audience)))
                return PolicyReasons.AudienceNotAllowed(index, rule, audience);
        }

        return null;
    }

    /// <summary>Exact, or a prefix match when the pattern ends in "*" (so "*" alone matches any audience).</summary>
    internal static bool AudienceMatches(string pattern, string audience) =>
        pattern.EndsWith('*')
            ? audience.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, audience, StringComparison.Ordinal);

    // Sorted so that the first offending value, and so the reason text, does not depend on a set's iteration order.
    private static IEnumerable<string> Sorted(IEnumerable<string> values) => values.Order(StringComparer.Ordinal);
}
