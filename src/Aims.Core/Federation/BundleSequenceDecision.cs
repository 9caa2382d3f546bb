namespace Aims.Core.Federation;

/// <summary>What a fetched bundle's <c>spiffe_sequence</c> means against the stored one.</summary>
public enum BundleSequenceDecision
{
    /// <summary>Nothing stored yet, or a higher sequence: store the fetched bundle.</summary>
    Newer,

    /// <summary>The same sequence: the bundle has not changed (Trust Domain and Bundle §4.1.1).</summary>
    Unchanged,

    /// <summary>A lower sequence: a replay or a rolled-back server; refused, the stored bundle stays.</summary>
    Older,
}

/// <summary><c>spiffe_sequence</c> only moves forward (Trust Domain and Bundle §4.1.1, Federation §5.1 "storage").</summary>
public static class BundleSequenceRule
{
    public static BundleSequenceDecision Decide(long? stored, long fetched)
    {
        if (stored is not { } current || fetched > current)
            return BundleSequenceDecision.Newer;
        return fetched == current ? BundleSequenceDecision.Unchanged : BundleSequenceDecision.Older;
    }
}
