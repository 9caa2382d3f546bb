namespace Aims.Agent.Attestation;

/// <summary>A caller of the Workload API as the unix attestor saw it: its selectors, or why it has none.</summary>
internal sealed record WorkloadIdentity(int Pid, IReadOnlyList<string> Selectors, string? Refusal)
{
    public bool Attested => Refusal is null;
}
