namespace Aims.Core.Policy;

/// <summary>
/// Which attestation evidence a rule accepts. Every presented type must be in <see cref="Allowed"/>; every type in
/// <see cref="Required"/> must be presented, which is how a rule demands multi-attestation for higher risk.
/// </summary>
public sealed record AttestationRequirement(IReadOnlyList<string> Allowed, IReadOnlyList<string> Required)
{
    public bool Equals(AttestationRequirement? other) =>
        other is not null
        && Allowed.SequenceEqual(other.Allowed, StringComparer.Ordinal)
        && Required.SequenceEqual(other.Required, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var type in Allowed)
            hash.Add(type, StringComparer.Ordinal);
        hash.Add(Allowed.Count);
        foreach (var type in Required)
            hash.Add(type, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
