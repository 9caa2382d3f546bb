using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Registration;
using Aims.Grains.Tests.Agents;
using Aims.Grains.Tests.Cluster;
using Aims.Grains.Tests.Policies;
using static Aims.Grains.Tests.Registration.RegistrationEntryRequests;

namespace Aims.Grains.Tests.Registration;

/// <summary>Registration entries: validated, stored durably, indexed under their parent, their SPIFFE ID an agent.</summary>
[Collection(AimsClusterCollection.Name)]
public sealed class RegistrationEntryGrainTests(AimsClusterFixture fixture)
{
    [Fact]
    public async Task CreateAsync_ValidEntry_StoredIndexedUnderParentAndAudited()
    {
        var (workload, node) = (NewWorkloadId("entry-create"), NewNodeId());
        var command = Create(workload, node, ["unix:uid:1000", "unix:gid:0"], x509TtlSeconds: 120, jwtTtlSeconds: 60, dnsNames: ["web.internal"], hint: "internal");

        var creation = await Grain(fixture.GrainFactory, command).CreateAsync(command);

        Assert.Equal(RegistrationEntryOutcome.Created, creation.Outcome);
        var entry = creation.Entry!;
        Assert.Equal(IdOf(command), entry.Id);
        Assert.Equal(workload.ToString(), entry.SpiffeId);
        Assert.Equal(node.ToString(), entry.ParentId);
        Assert.Equal(["unix:gid:0", "unix:uid:1000"], entry.Selectors);
        Assert.Equal(TimeSpan.FromSeconds(120), entry.X509SvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(60), entry.JwtSvidTtl);
        Assert.Equal(["web.internal"], entry.DnsNames);
        Assert.Equal("internal", entry.Hint);
        Assert.Equal("operator", entry.CreatedBy);
        Assert.Equal(fixture.Clock.GetUtcNow(), entry.CreatedAt);

        Assert.Equal(entry.Id, (await Grain(fixture.GrainFactory, command).GetAsync())!.Id);
        Assert.Equal([entry.Id], (await Index(node).ListAsync(null, 100)).Select(e => e.Id));
        Assert.Contains(entry.Id, await Directory().ListAsync(null, 1000));
        var record = Assert.Single(await AuditAsync(workload.ToString()), r => r.Action == "entry.create");
        Assert.Equal($"registration-entry:{entry.Id}", record.Resource);
        Assert.Equal("corr-entry", record.CorrelationId);
    }

    [Fact]
    public async Task CreateAsync_UnregisteredSpiffeId_RegistersItAsAnAgentWithTheEntrySelectors()
    {
        var workload = NewWorkloadId("entry-registers");
        var entry = await CreatedAsync(fixture.GrainFactory, Create(workload, NewNodeId(), ["unix:uid:1000"]));

        var agent = await fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(workload)).GetAsync();

        Assert.NotNull(agent);
        Assert.Equal(Core.Agents.AgentState.Registered, agent.State);
        Assert.Equal(["unix:uid:1000"], agent.Selectors);
        Assert.Equal(entry.Id, agent.Metadata["registration_entry"]);
    }

    [Fact]
    public async Task CreateAsync_AgentAlreadyRegistered_KeepsItAsItWas()
    {
        var workload = NewWorkloadId("entry-existing-agent");
        var policy = await TestPolicies.PutNewAsync(fixture.GrainFactory, TestPolicies.Json(["*"]));
        await fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(workload)).RegisterAsync(AgentRequests.Register(policy));

        await CreatedAsync(fixture.GrainFactory, Create(workload, NewNodeId(), ["unix:uid:0"]));

        var agent = await fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(workload)).GetAsync();
        Assert.Equal(policy, agent!.Policy);
        Assert.False(agent.Metadata.ContainsKey("registration_entry"));
    }

    [Fact]
    public async Task CreateAsync_SameSpiffeIdParentAndSelectors_AlreadyExistsWithTheFirst()
    {
        var command = Create(NewWorkloadId("entry-twice"), NewNodeId(), ["unix:uid:1", "unix:gid:1"]);
        var first = await CreatedAsync(fixture.GrainFactory, command);

        var second = await Grain(fixture.GrainFactory, command with { Selectors = ["unix:gid:1", "unix:uid:1"], JwtSvidTtlSeconds = 90 }).CreateAsync(command);

        Assert.Equal(RegistrationEntryOutcome.AlreadyExists, second.Outcome);
        Assert.Equal(first.Id, second.Entry!.Id);
        Assert.Null(second.Entry.JwtSvidTtl);
        Assert.Contains("already has this spiffe_id, parent_id and selectors", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_InvalidRequest_RefusedWithReasonAndNothingStored()
    {
        var node = NewNodeId();
        var command = Create(NewWorkloadId("entry-invalid"), node, ["unix:uid:0"], x509TtlSeconds: 30);

        var creation = await Grain(fixture.GrainFactory, command).CreateAsync(command);

        Assert.Equal(RegistrationEntryOutcome.Invalid, creation.Outcome);
        Assert.Contains("x509_svid_ttl must be between 60 and 86400 seconds", creation.Error, StringComparison.Ordinal);
        Assert.Null(await Grain(fixture.GrainFactory, command).GetAsync());
        Assert.Empty(await Index(node).ListAsync(null, 100));
    }

    [Fact]
    public async Task CreateAsync_UnderAKeyItsContentDoesNotGive_Refused()
    {
        var command = Create(NewWorkloadId("entry-wrong-key"), NewNodeId(), ["unix:uid:0"]);
        var wrong = fixture.GrainFactory.GetGrain<IRegistrationEntryGrain>(GrainKeys.RegistrationEntry(new string('0', 32)));

        var creation = await wrong.CreateAsync(command);

        Assert.Equal(RegistrationEntryOutcome.Invalid, creation.Outcome);
        Assert.Contains($"gives id {IdOf(command)}", creation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_Existing_GoneFromGrainIndexAndDirectoryAndAudited()
    {
        var (workload, node) = (NewWorkloadId("entry-delete"), NewNodeId());
        var command = Create(workload, node, ["unix:uid:0"]);
        var entry = await CreatedAsync(fixture.GrainFactory, command);

        var deleted = await Grain(fixture.GrainFactory, command).DeleteAsync(AgentRequests.Admin("no longer deployed"));

        Assert.Equal(entry.Id, deleted!.Id);
        Assert.Null(await Grain(fixture.GrainFactory, command).GetAsync());
        Assert.Empty(await Index(node).ListAsync(null, 100));
        Assert.DoesNotContain(entry.Id, await Directory().ListAsync(null, 1000));
        var record = Assert.Single(await AuditAsync(workload.ToString()), r => r.Action == "entry.delete");
        Assert.Equal("no longer deployed", record.Detail);
        Assert.Null(await Grain(fixture.GrainFactory, command).DeleteAsync(AgentRequests.Admin()));
    }

    [Fact]
    public async Task CreateAsync_AfterDelete_CreatedAgain()
    {
        var command = Create(NewWorkloadId("entry-recreate"), NewNodeId(), ["unix:uid:0"]);
        await CreatedAsync(fixture.GrainFactory, command);
        await Grain(fixture.GrainFactory, command).DeleteAsync(AgentRequests.Admin());

        var again = await Grain(fixture.GrainFactory, command with { X509SvidTtlSeconds = 600 }).CreateAsync(command with { X509SvidTtlSeconds = 600 });

        Assert.Equal(RegistrationEntryOutcome.Created, again.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(10), again.Entry!.X509SvidTtl);
    }

    [Fact]
    public async Task IndexListAsync_ManyEntries_PagedInIdOrder()
    {
        var node = NewNodeId();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await CreatedAsync(fixture.GrainFactory, Create(NewWorkloadId($"entry-page-{i}"), node, [$"unix:uid:{i}"]))).Id);
        ids.Sort(StringComparer.Ordinal);

        var first = await Index(node).ListAsync(null, 3);
        var rest = await Index(node).ListAsync(first[^1].Id, 3);

        Assert.Equal(ids, first.Concat(rest).Select(e => e.Id));
    }

    private IRegistrationEntryIndexGrain Index(Core.Identity.SpiffeId parent) =>
        fixture.GrainFactory.GetGrain<IRegistrationEntryIndexGrain>(GrainKeys.RegistrationEntriesOfParent(parent));

    private IRegistrationEntryDirectoryGrain Directory() =>
        fixture.GrainFactory.GetGrain<IRegistrationEntryDirectoryGrain>(GrainKeys.RegistrationEntryDirectory(AimsClusterFixture.TrustDomain));

    private Task<IReadOnlyList<AuditRecordView>> AuditAsync(string agentId) =>
        fixture.GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain)).QueryAsync(agentId, null, 0, 1000);
}
