using System.Security.Cryptography;
using System.Text.Json;
using Aims.Agent.Tests.Testing;
using Aims.Testing;

namespace Aims.Agent.Tests.EndToEnd;

/// <summary>
/// Issue 5's payments example through the node agent: a workload of <c>/agents/payments/*</c> gets an SVID only when
/// its node attested with a TPM, the node agent attested the process (unix) and a trusted builder's provenance names
/// that process's binary (slsa). Every missing or bad piece is refused with the reason, in the answer and the audit.
/// Real processes throughout: silo, node agents, swtpm + tpm2-tools, the WorkloadClient, openssl signing provenance.
/// </summary>
[Collection(NodeTpmCollection.Name)]
public sealed class NodeTpmEndToEndTests(NodeTpmFixture fixture)
{
    [TpmFact]
    public async Task FetchX509SVID_TpmNodeUnixAndTrustedProvenance_PaymentsWorkloadGetsItsSvid()
    {
        using var workload = WorkloadBinary.Create("payments");
        var spiffeId = NodeTpmFixture.NewPaymentsId("api");
        await fixture.CreateEntryAsync(spiffeId, fixture.TpmNodeId, workload.Sha256Selector);
        await BuilderProvenance.PublishAsync(fixture.ProvenanceDirectory, workload.Sha256,
            await BuilderProvenance.SignAsync(BuilderProvenance.Statement(workload.Sha256), fixture.BuilderKey));

        var answer = await FirstAsync(workload, fixture.TpmNodeSocket);

        Assert.True(answer.Event() == "x509", $"{answer}\n{fixture.Describe()}");
        var svid = Assert.Single(X509Message.Parse(answer).Svids);
        Assert.Equal(spiffeId, svid.SpiffeId);
        var attestation = (await fixture.AgentAsync(spiffeId)).GetProperty("attestation");
        Assert.Equal(["slsa", "tpm", "unix"], attestation.GetProperty("evidence_types").EnumerateArray().Select(t => t.GetString()));
        var selectors = attestation.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains($"tpm:ak:{fixture.AkId}", selectors);
        Assert.Contains(selectors, s => s!.StartsWith("tpm:pcr:16:", StringComparison.Ordinal));
        Assert.Contains(workload.Sha256Selector, selectors);
        Assert.Contains($"slsa:builder:{NodeTpmFixture.BuilderId}", selectors);
        Assert.Contains($"slsa:source:{NodeTpmFixture.Source}", selectors);
    }

    [TpmFact]
    public async Task FetchX509SVID_ProvenanceFoundByBinaryName_Verifies()
    {
        using var workload = WorkloadBinary.Create("by-name");
        var spiffeId = NodeTpmFixture.NewPaymentsId("by-name");
        await fixture.CreateEntryAsync(spiffeId, fixture.TpmNodeId, workload.Sha256Selector);
        await BuilderProvenance.PublishAsync(fixture.ProvenanceDirectory, Path.GetFileName(workload.Path),
            await BuilderProvenance.SignAsync(BuilderProvenance.Statement(new string('0', 64)), fixture.BuilderKey),
            await BuilderProvenance.SignAsync(BuilderProvenance.Statement(workload.Sha256), fixture.BuilderKey));

        var answer = await FirstAsync(workload, fixture.TpmNodeSocket);

        Assert.True(answer.Event() == "x509", $"{answer}\n{fixture.Describe()}");
    }

    [TpmFact]
    public async Task FetchX509SVID_NodeAttestedWithJoinTokenOnly_PermissionDeniedBecausePolicyRequiresTpm()
    {
        using var workload = WorkloadBinary.Create("token-node");
        var spiffeId = NodeTpmFixture.NewPaymentsId("token-node");
        await fixture.CreateEntryAsync(spiffeId, fixture.TokenNodeId, workload.Sha256Selector);
        await BuilderProvenance.PublishAsync(fixture.ProvenanceDirectory, workload.Sha256,
            await BuilderProvenance.SignAsync(BuilderProvenance.Statement(workload.Sha256), fixture.BuilderKey));

        var (status, detail) = (await FirstAsync(workload, fixture.TokenNodeSocket)).Error();

        Assert.Equal("PermissionDenied", status);
        Assert.Contains("requires attestation type 'tpm'", detail, StringComparison.Ordinal);
    }

    [TpmTheory]
    [InlineData("none", "requires attestation type 'slsa'")]
    [InlineData("another-digest", "slsa.subject: ")]
    [InlineData("untrusted-builder-key", "slsa.signature: ")]
    [InlineData("builder-id-not-allowed", "slsa.builder: ")]
    public async Task FetchX509SVID_ProvenanceMissingOrNotTrusted_PermissionDeniedAndAuditSaysWhy(string provenance, string reason)
    {
        using var workload = WorkloadBinary.Create("bad-provenance");
        var spiffeId = NodeTpmFixture.NewPaymentsId(provenance);
        await fixture.CreateEntryAsync(spiffeId, fixture.TpmNodeId, workload.Sha256Selector);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var statement = provenance switch
        {
            "another-digest" => BuilderProvenance.Statement(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))),
            "builder-id-not-allowed" => BuilderProvenance.Statement(workload.Sha256, "https://builder.test/someone-else@v1"),
            _ => BuilderProvenance.Statement(workload.Sha256),
        };
        if (provenance != "none")
        {
            var signer = provenance == "untrusted-builder-key" ? stranger : fixture.BuilderKey;
            await BuilderProvenance.PublishAsync(fixture.ProvenanceDirectory, workload.Sha256, await BuilderProvenance.SignAsync(statement, signer));
        }

        var (status, detail) = (await FirstAsync(workload, fixture.TpmNodeSocket)).Error();

        Assert.Equal("PermissionDenied", status);
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        var audit = await fixture.AuditAsync(spiffeId);
        Assert.Contains(audit, r => r.GetProperty("decision").GetString() == "Denied" && r.GetProperty("detail").GetString()!.Contains(reason, StringComparison.Ordinal));
    }

    [TpmFact]
    public async Task NodeAttestation_AkNotEnrolled_RefusedWithTheReasonInTheLogAndTheAudit()
    {
        var nodeId = $"spiffe://{NodeTpmFixture.TrustDomain}/node/stray-{Guid.NewGuid():N}";
        using (var registered = await fixture.Operator.PostAsync("/v1/agents", JsonContent(new { spiffe_id = nodeId })))
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        await using var tpm = await SoftwareTpm.StartAsync();
        await tpm.RunAsync("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        await tpm.RunAsync("tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "ecc", "-g", "sha256", "-s", "ecdsa", "-u", "ak.pem", "-f", "pem", "-n", "ak.name");

        await using var agent = AgentProcess.Start(fixture.AgentEnvironment(nodeId, fixture.Socket("stray"), "stray-agent", NodeTpmFixture.TpmSettings(tpm, "ak.ctx", "ak.pem")));
        await agent.WaitForLogAsync("Node attestation refused: tpm.key: attestation key", TimeSpan.FromSeconds(90));

        var audit = await fixture.AuditAsync(nodeId);
        Assert.Contains(audit, r => r.GetProperty("action").GetString() == "agent.attest" && r.GetProperty("decision").GetString() == "Denied"
            && r.GetProperty("detail").GetString()!.StartsWith("tpm.key: ", StringComparison.Ordinal));
    }

    /// <summary>The first answer of a FetchX509SVID stream: the SVIDs, or the error that ended it.</summary>
    private async Task<JsonElement> FirstAsync(WorkloadBinary workload, string socket)
    {
        await using var run = WorkloadRun.Start(workload, socket, "x509", "--timeout", "60");
        return await run.NextAsync(TimeSpan.FromSeconds(90)) ?? throw new InvalidOperationException($"the workload ended\n{run.Output}\n{fixture.Describe()}");
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
