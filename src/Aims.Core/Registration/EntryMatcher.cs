namespace Aims.Core.Registration;

/// <summary>
/// Which entries a workload gets: an entry matches when every one of its selectors is among the workload's
/// attested selectors (the workload may have more). Matching is exact and case-sensitive.
/// </summary>
public static class EntryMatcher
{
    /// <param name="workloadSelectors">Compared with the set's own comparer: pass an ordinal set.</param>
    public static bool Matches(RegistrationEntry entry, IReadOnlySet<string> workloadSelectors)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(workloadSelectors);

        // An entry without selectors would match every process; RegistrationEntryRules never creates one.
        return entry.Selectors.Count > 0 && entry.Selectors.All(workloadSelectors.Contains);
    }

    /// <summary>
    /// The matching entries in a stable order (SPIFFE ID, then id), so the first, the workload's default identity
    /// (SPIFFE Workload API §5.2.1), does not change from one call to the next.
    /// </summary>
    public static IReadOnlyList<RegistrationEntry> Select(IEnumerable<RegistrationEntry> entries, IEnumerable<string> workloadSelectors)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(workloadSelectors);

        var selectors = workloadSelectors.ToHashSet(StringComparer.Ordinal);
        return [.. entries
            .Where(e => Matches(e, selectors))
            .OrderBy(e => e.SpiffeId.ToString(), StringComparer.Ordinal)
            .ThenBy(e => e.Id, StringComparer.Ordinal)];
    }
}
