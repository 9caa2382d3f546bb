namespace Aims.Core.Attestation;

/// <summary>
/// Whether verified evidence covers what an agent was registered with: every registered selector must be among the
/// selectors the evidence proved (SPIRE's registration-entry semantics: the entry's selectors are a subset of the
/// workload's). Evidence that does not itself name the agent (a Kubernetes or OIDC token, a provenance statement) can
/// only identify it through registered selectors, so an agent with none must present evidence that names it.
/// </summary>
public static class SelectorCoverage
{
    /// <summary>Null when the evidence identifies the agent, else why not (naming the first missing selector).</summary>
    /// <param name="registered">The selectors the agent was registered with.</param>
    /// <param name="proven">The union of the selectors of every verified evidence item.</param>
    /// <param name="namedByEvidence">True when an item (join token, enrolled TPM key) is bound to this agent.</param>
    public static string? Check(IReadOnlyCollection<string> registered, IReadOnlyCollection<string> proven, bool namedByEvidence)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(proven);
        if (registered.Count == 0)
        {
            return namedByEvidence
                ? null
                : "the agent has no registered selectors, so evidence that does not name it (k8s_psat, oidc, slsa) cannot identify it; " +
                  "register it with selectors (e.g. k8s:sa:…) or present a join_token or an enrolled tpm key";
        }

        var set = proven as IReadOnlySet<string> ?? proven.ToHashSet(StringComparer.Ordinal);
        foreach (var selector in registered.Order(StringComparer.Ordinal))
        {
            if (!set.Contains(selector))
                return $"registered selector '{selector}' is not proven by the evidence; the evidence proved: {Describe(proven)}";
        }

        return null;
    }

    private static string Describe(IReadOnlyCollection<string> proven) =>
        proven.Count == 0 ? "nothing" : string.Join(", ", proven.Order(StringComparer.Ordinal));
}
