using Aims.Core.Identity;
using Aims.Core.Registration;
using Aims.Grains.Registration;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Registration;

/// <summary>Entries as an operator creates them, under fresh SPIFFE IDs of the test cluster's trust domain.</summary>
internal static class RegistrationEntryRequests
{
    public static CreateRegistrationEntry Create(
        SpiffeId workload,
        SpiffeId parent,
        IReadOnlyList<string> selectors,
        long? x509TtlSeconds = null,
        long? jwtTtlSeconds = null,
        IReadOnlyList<string>? dnsNames = null,
        string? hint = null) =>
        new(workload.ToString(), parent.ToString(), selectors, x509TtlSeconds, jwtTtlSeconds, dnsNames ?? [], hint, "operator", "corr-entry");

    public static string IdOf(CreateRegistrationEntry command) =>
        RegistrationEntryId.For(SpiffeId.Parse(command.SpiffeId), SpiffeId.Parse(command.ParentId), command.Selectors);

    public static IRegistrationEntryGrain Grain(IGrainFactory grains, CreateRegistrationEntry command) =>
        grains.GetGrain<IRegistrationEntryGrain>(GrainKeys.RegistrationEntry(IdOf(command)));

    public static async Task<RegistrationEntryView> CreatedAsync(IGrainFactory grains, CreateRegistrationEntry command)
    {
        var creation = await Grain(grains, command).CreateAsync(command);
        return creation.Outcome == RegistrationEntryOutcome.Created
            ? creation.Entry!
            : throw new InvalidOperationException($"entry not created: {creation.Outcome} {creation.Error}");
    }

    public static SpiffeId NewNodeId() => AimsClusterFixture.NewAgentId("node");

    public static SpiffeId NewWorkloadId(string name) => AimsClusterFixture.NewAgentId(name);
}
