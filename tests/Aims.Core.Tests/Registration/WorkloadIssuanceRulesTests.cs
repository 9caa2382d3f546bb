using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Core.Registration;

namespace Aims.Core.Tests.Registration;

public sealed class WorkloadIssuanceRulesTests
{
    private static readonly TrustDomain Td = TrustDomain.Parse("aims.local");
    private static readonly SpiffeId Node = SpiffeId.Parse("spiffe://aims.local/node/n1");
    private static readonly NodeStanding Good = new(true, AgentState.Active, ["join_token"], CredentialLive: true);
    private static readonly RegistrationEntry Entry =
        RegistrationEntryRules.TryCreate(Td, "spiffe://aims.local/workloads/web", Node.ToString(), ["unix:uid:1000", "unix:sha256:ab"]).Entry!;
    private static readonly string[] Shown = ["unix:uid:1000", "unix:gid:0", "unix:sha256:ab"];

    [Fact]
    public void Check_AttestedNodeOwnEntryMatchingWorkload_Allowed() =>
        Assert.Null(WorkloadIssuanceRules.Check(Node, Good, Entry.Id, Entry, Shown));

    [Fact]
    public void Check_ScopeReducedNode_StillServesItsWorkloads() =>
        Assert.Null(WorkloadIssuanceRules.Check(Node, Good with { State = AgentState.ScopeReduced }, Entry.Id, Entry, Shown));

    public static TheoryData<NodeStanding, string> BadNodes() => new()
    {
        { Good with { Registered = false }, "is not registered" },
        { Good with { EvidenceTypes = [] }, "has not attested" },
        { Good with { State = AgentState.Suspended }, "is suspended; its workloads get no SVIDs" },
        { Good with { State = AgentState.Compromised }, "is compromised" },
        { Good with { State = AgentState.Terminated }, "is terminated" },
        { Good with { State = AgentState.Registered }, "is registered; its workloads" },
        { Good with { CredentialLive = false }, "not a live X509-SVID of node spiffe://aims.local/node/n1" },
    };

    [Theory]
    [MemberData(nameof(BadNodes))]
    public void Check_NodeNotInGoodStanding_RefusedWithReason(NodeStanding node, string reason) =>
        Assert.Contains(reason, WorkloadIssuanceRules.Check(Node, node, Entry.Id, Entry, Shown), StringComparison.Ordinal);

    [Fact]
    public void Check_EntryGone_Refused() =>
        Assert.Contains($"registration entry {Entry.Id} does not exist", WorkloadIssuanceRules.Check(Node, Good, Entry.Id, null, Shown), StringComparison.Ordinal);

    [Fact]
    public void Check_EntryOfAnotherNode_Refused()
    {
        var other = SpiffeId.Parse("spiffe://aims.local/node/n2");

        var refusal = WorkloadIssuanceRules.Check(other, Good, Entry.Id, Entry, Shown);

        Assert.Contains("belongs to node spiffe://aims.local/node/n1, not to spiffe://aims.local/node/n2", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WorkloadLacksASelector_RefusedNamingIt()
    {
        var refusal = WorkloadIssuanceRules.Check(Node, Good, Entry.Id, Entry, ["unix:uid:1000", "unix:sha256:cd"]);

        Assert.Contains("does not show selector(s) unix:sha256:ab", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkloadEvidence_NodeEvidencePlusUnix_DistinctAndSorted()
    {
        Assert.Equal(["join_token", "unix"], WorkloadIssuanceRules.WorkloadEvidence(["join_token"]));
        Assert.Equal(["join_token", "tpm", "unix"], WorkloadIssuanceRules.WorkloadEvidence(["tpm", "unix", "join_token"]));
    }

    [Fact]
    public void WorkloadEvidence_ProvenanceVerified_AddsSlsa() =>
        Assert.Equal(["slsa", "tpm", "unix"], WorkloadIssuanceRules.WorkloadEvidence(["tpm"], provenanceVerified: true));

    [Theory]
    [InlineData(AgentState.Registered, null)]
    [InlineData(AgentState.Attested, null)]
    [InlineData(AgentState.Active, null)]
    [InlineData(AgentState.ScopeReduced, null)]
    [InlineData(AgentState.Suspended, "is suspended; it gets no SVIDs")]
    [InlineData(AgentState.Compromised, "is compromised; it gets no SVIDs")]
    [InlineData(AgentState.Terminated, "is terminated; it gets no SVIDs")]
    public void CheckWorkload_ByState_OnlyLiveIdentitiesServed(AgentState state, string? refusal)
    {
        var result = WorkloadIssuanceRules.CheckWorkload(Entry.SpiffeId, state);

        if (refusal is null)
            Assert.Null(result);
        else
            Assert.Contains(refusal, result, StringComparison.Ordinal);
    }
}
