using Aims.Core.Policy;
using Aims.Grains.Agents;

namespace Aims.Grains.Tests.Agents;

/// <summary>The registered selectors are what the evidence must prove; the verified evidence is kept on the agent and audited.</summary>
public sealed partial class AgentGrainTests
{
    [Fact]
    public async Task AttestAndIssueAsync_EvidenceNotProvingRegisteredSelector_ForbiddenNamingItAndAudited()
    {
        var (id, agent) = await RegisteredAsync("attest-uncovered");
        var request = AgentRequests.Issue(audiences: [AgentRequests.Audience]) with
        {
            Evidence = [new EvidenceRecord(PolicyDefaults.JoinToken, "join token 1234", ["unix:uid:0"])],
        };

        var result = await agent.AttestAndIssueAsync(request);

        Assert.False(result.Issued);
        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.Contains($"'{AgentRequests.Selector}'", result.Failure.Detail, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(id), r => r.Action == "agent.attest" && r.Decision == "Denied" && r.Detail!.Contains(AgentRequests.Selector, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttestAndIssueAsync_NoEvidenceDetails_CannotProveRegisteredSelectors()
    {
        var (_, agent) = await RegisteredAsync("attest-no-details");

        var result = await agent.AttestAndIssueAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience]) with { Evidence = null });

        Assert.False(result.Issued);
        Assert.Contains("is not proven by the evidence", result.Failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttestAndIssueAsync_EvidenceProvingSelectors_PolicyStillDecidesAndEvidenceIsKeptAndAudited()
    {
        var (id, agent) = await RegisteredAsync("attest-covered");
        var request = AgentRequests.Issue(audiences: [AgentRequests.Audience], evidence: ["k8s_psat"]) with
        {
            Evidence = [new EvidenceRecord("k8s_psat", "issuer https://cluster (kid a)", [AgentRequests.Selector, "k8s:ns:payments"])],
            EvidenceNamesAgent = false,
        };

        var result = await agent.AttestAndIssueAsync(request);

        // The built-in policy accepts join tokens only; the refusal comes from policy, not from the selectors.
        Assert.Contains("does not allow attestation type 'k8s_psat'", result.Failure?.Detail, StringComparison.Ordinal);

        var joinToken = AgentRequests.Issue(audiences: [AgentRequests.Audience]) with
        {
            Evidence = [new EvidenceRecord(PolicyDefaults.JoinToken, "join token 1234", [AgentRequests.Selector, "tpm:ak:ab"])],
        };
        Assert.True((await agent.AttestAndIssueAsync(joinToken)).Issued);
        var attestation = (await agent.GetAsync())!.Attestation!;
        Assert.Equal(["tpm:ak:ab", AgentRequests.Selector], attestation.Selectors);
        Assert.Equal("join token 1234", Assert.Single(attestation.Evidence!).VerifiedBy);
        Assert.Contains(await AuditAsync(id), r => r.Action == "agent.attest" && r.Decision == "Allowed"
            && r.Detail!.Contains("evidence: join_token by join token 1234 (2 selectors)", StringComparison.Ordinal));
    }
}
