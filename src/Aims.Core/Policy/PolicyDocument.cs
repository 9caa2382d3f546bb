namespace Aims.Core.Policy;

/// <summary>
/// A policy v1 document (ARCHITECTURE layer 8). Rules are ordered: the first whose <see cref="PolicyRule.Match"/>
/// matches a SPIFFE ID decides, and an ID no rule matches is denied. Equality is by value, rule by rule, so a document
/// compares equal to itself after <see cref="PolicyParser.ToJson"/> and <see cref="PolicyParser.TryParse"/>.
/// </summary>
public sealed record PolicyDocument(string? Description, IReadOnlyList<PolicyRule> Rules)
{
    public bool Equals(PolicyDocument? other) =>
        other is not null
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Rules.SequenceEqual(other.Rules);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Description, StringComparer.Ordinal);
        foreach (var rule in Rules)
            hash.Add(rule);
        return hash.ToHashCode();
    }
}
