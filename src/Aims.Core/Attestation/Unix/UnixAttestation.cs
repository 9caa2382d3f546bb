namespace Aims.Core.Attestation.Unix;

/// <summary>The outcome of <see cref="UnixAttestor.Attest"/>: the workload's selectors, or why there are none.</summary>
public sealed record UnixAttestation
{
    private UnixAttestation(IReadOnlyList<string> selectors, string? refusal)
    {
        Selectors = selectors;
        Refusal = refusal;
    }

    /// <summary><c>unix:uid:…</c>, <c>unix:gid:…</c>, <c>unix:path:…</c>, <c>unix:sha256:…</c>; empty when refused.</summary>
    public IReadOnlyList<string> Selectors { get; }

    /// <summary>Why the evidence was not accepted, for the log and the caller; null when attested.</summary>
    public string? Refusal { get; }

    public bool Attested => Refusal is null;

    internal static UnixAttestation Accepted(IReadOnlyList<string> selectors) => new(selectors, null);

    internal static UnixAttestation Refused(string reason) => new([], reason);
}
