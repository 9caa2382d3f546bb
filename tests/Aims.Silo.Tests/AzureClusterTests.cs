using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests;

/// <summary>
/// The Azure profile as a real cluster: silo processes sharing Azure Table membership, grain state and reminders
/// on Azurite. When a silo dies, the others take over its grains with their persisted state.
/// </summary>
public sealed class AzureClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(60);

    [AzuriteFact]
    public async Task Cluster_SiloKilled_SurvivorServesStateAndIssues()
    {
        var cluster = AzureClusterSettings.Create(Azurite.RequireConnectionString(), "silocluster");
        using var data1 = ExternalTool.CreateTempDirectory();
        using var data2 = ExternalTool.CreateTempDirectory();
        using var data3 = ExternalTool.CreateTempDirectory();
        using var key = new AgentKey();
        var agentId = SiloApi.AgentId(SiloApi.UniqueName("cluster"));
        output.WriteLine($"cluster {cluster.ClusterId}");

        // Silo 1 first, so exactly one silo creates the trust domain's keys; then silo 2 joins.
        await using var silo1 = SiloProcess.StartAzure("silo-1", data1.Path, cluster);
        await silo1.WaitReadyAsync();
        await using var silo2 = SiloProcess.StartAzure("silo-2", data2.Path, cluster);
        await silo2.WaitReadyAsync();

        using var op1 = silo1.CreateHttpClient(asOperator: true);
        using var anon1 = silo1.CreateHttpClient();
        using var op2 = silo2.CreateHttpClient(asOperator: true);
        using var anon2 = silo2.CreateHttpClient();

        // The cluster has formed: what silo 1 writes, silo 2 reads.
        await SiloApi.RegisterAgentAsync(silo1, op1, agentId);
        await SiloApi.EventuallyAsync(
            TimeSpan.FromSeconds(30),
            async () => (await SiloApi.TrySendAsync(op2, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(agentId)}", null)).Status == HttpStatusCode.OK,
            () => silo1.Describe() + "\n" + silo2.Describe());

        var token = await SiloApi.CreateJoinTokenAsync(silo1, op1, agentId);
        var issued = await SiloApi.AttestAsync(silo1, anon1, agentId, token, key);
        Assert.Contains("BEGIN CERTIFICATE", issued.GetProperty("x509_svid").GetString(), StringComparison.Ordinal);
        var (valid, auditCount, rawAudit) = await SiloApi.VerifyAuditAsync(silo1, op1);
        Assert.True(valid, rawAudit.GetRawText());
        var bundle = await SiloApi.GetBundleAsync(silo1, anon1);
        var sequence = bundle.GetProperty("spiffe_sequence").GetInt64();
        var roots = SiloApi.X509Roots(bundle);

        // Kill silo 1 (which activated the authority at start and served every call so far); silo 2 takes over.
        await silo1.KillAsync();
        var recovery = await RecoverAsync(silo2, op2, anon2, agentId, auditCount, sequence, roots, key, () => silo2.Describe());
        output.WriteLine($"silo-1 SIGKILLed; silo-2 served agent, audit, bundle and a new attestation after {recovery.TotalSeconds:0.0} s");

        // Mirror: silo 3 joins, silo 2 dies, silo 3 serves.
        await using var silo3 = SiloProcess.StartAzure("silo-3", data3.Path, cluster);
        await silo3.WaitReadyAsync();
        using var op3 = silo3.CreateHttpClient(asOperator: true);
        using var anon3 = silo3.CreateHttpClient();
        var (_, auditCount2, _) = await SiloApi.VerifyAuditAsync(silo2, op2);
        await silo2.KillAsync();
        var recovery2 = await RecoverAsync(silo3, op3, anon3, agentId, auditCount2, sequence, roots, key, () => silo3.Describe());
        output.WriteLine($"silo-2 SIGKILLed; silo-3 served agent, audit, bundle and a new attestation after {recovery2.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Polls the survivor until one full round succeeds: the agent is active, the audit chain is valid and no shorter,
    /// the bundle is unchanged, and a fresh join token (created through the survivor) attests. Each round uses a new
    /// join token, so a round that fails half-way (a grain still placed on the dead silo) does not spoil the next.
    /// </summary>
    private static async Task<TimeSpan> RecoverAsync(
        SiloProcess survivor, HttpClient op, HttpClient anon, string agentId, long auditCountBefore, long sequence,
        IReadOnlyList<string> roots, AgentKey key, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        string last = "no round completed";
        await SiloApi.EventuallyAsync(
            RecoveryBudget,
            async () =>
            {
                var agent = await SiloApi.TrySendAsync(op, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(agentId)}", null);
                if (agent.Status != HttpStatusCode.OK)
                    return Note($"GET agent {(int)agent.Status} {agent.Text}");
                if (agent.Json.GetProperty("state").GetString() != "active")
                    return Note($"agent state {agent.Text}");

                var audit = await SiloApi.TrySendAsync(op, HttpMethod.Get, "/v1/audit/verify", null);
                if (audit.Status != HttpStatusCode.OK)
                    return Note($"audit verify {(int)audit.Status} {audit.Text}");
                if (!audit.Json.GetProperty("valid").GetBoolean() || audit.Json.GetProperty("record_count").GetInt64() < auditCountBefore)
                    return Note($"audit verify (before: {auditCountBefore} records) {audit.Text}");

                var bundle = await SiloApi.TrySendAsync(anon, HttpMethod.Get, "/spiffe/bundle", null);
                if (bundle.Status != HttpStatusCode.OK)
                    return Note($"bundle {(int)bundle.Status} {bundle.Text}");
                if (bundle.Json.GetProperty("spiffe_sequence").GetInt64() != sequence || !SiloApi.X509Roots(bundle.Json).SequenceEqual(roots))
                    return Note($"bundle changed (sequence was {sequence}): {bundle.Text}");

                var created = await SiloApi.TrySendAsync(op, HttpMethod.Post, "/v1/join-tokens", new { spiffe_id = agentId });
                if (created.Status != HttpStatusCode.Created)
                    return Note($"join token {(int)created.Status} {created.Text}");
                var token = created.Json.GetProperty("token").GetString()!;
                var attest = await SiloApi.TrySendAsync(anon, HttpMethod.Post, "/v1/attest", SiloApi.AttestBody(agentId, token, key, []));
                if (attest.Status != HttpStatusCode.OK)
                    return Note($"attest {(int)attest.Status} {attest.Text}");
                return attest.Json.TryGetProperty("x509_svid", out var svid) && svid.ValueKind == JsonValueKind.String
                    || Note($"attest answered without x509_svid: {attest.Text}");
            },
            () => $"last observation: {last}\n{describe()}");
        return clock.Elapsed;

        bool Note(string observation)
        {
            last = observation;
            return false;
        }
    }
}
