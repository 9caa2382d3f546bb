using Aims.Core.Identity;
using Aims.Core.Registration;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;

namespace Aims.Grains.Registration;

/// <summary>One registration entry: validates with Core, stores, indexes, registers the workload agent, audits.</summary>
public sealed class RegistrationEntryGrain(
    [PersistentState("registrationEntry", StorageNames.Aims)] IPersistentState<RegistrationEntryGrainState> state,
    TimeProvider time) : Grain, IRegistrationEntryGrain
{
    public async Task<RegistrationEntryCreation> CreateAsync(CreateRegistrationEntry command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (state.State.Entry is { } existing)
            return new RegistrationEntryCreation(RegistrationEntryOutcome.AlreadyExists, existing, $"registration entry {existing.Id} already has this spiffe_id, parent_id and selectors");

        var trustDomain = SpiffeId.TryParse(command.SpiffeId, out var claimed) ? claimed.TrustDomain : null;
        if (trustDomain is null)
            return Invalid($"spiffe_id is invalid: '{command.SpiffeId}' is not a SPIFFE ID");
        var (entry, error) = RegistrationEntryRules.TryCreate(
            trustDomain, command.SpiffeId, command.ParentId, command.Selectors, command.X509SvidTtlSeconds, command.JwtSvidTtlSeconds, command.DnsNames, command.Hint);
        if (error is not null)
            return Invalid(error);
        if (entry!.Id != this.GetPrimaryKeyString())
            return Invalid($"the entry's content gives id {entry.Id}; it cannot be stored under {this.GetPrimaryKeyString()}");

        await RegisterWorkloadAgentAsync(entry, command);

        // Durable before acknowledged: the entry, then the indexes the node agent and operators read, then the audit.
        var view = RegistrationEntryView.From(entry, time.GetUtcNow(), command.Actor);
        state.State.Entry = view;
        await state.WriteStateAsync();
        await Index(entry.ParentId).AddAsync(view);
        await Directory(entry.SpiffeId.TrustDomain).AddAsync(entry.Id);
        await AuditAsync(entry, "entry.create", command.Actor, command.CorrelationId,
            $"parent {entry.ParentId}; selectors {string.Join(' ', entry.Selectors)}");
        return new RegistrationEntryCreation(RegistrationEntryOutcome.Created, view, null);
    }

    public Task<RegistrationEntryView?> GetAsync() => Task.FromResult(state.State.Entry);

    public async Task<RegistrationEntryView?> DeleteAsync(AdminAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (state.State.Entry is not { } view)
            return null;

        // The parent's index first: from then on the node agent no longer serves the entry, even if the rest fails.
        var entry = view.ToEntry();
        await Index(entry.ParentId).RemoveAsync(entry.Id);
        await Directory(entry.SpiffeId.TrustDomain).RemoveAsync(entry.Id);
        await state.ClearStateAsync();
        await AuditAsync(entry, "entry.delete", action.Actor, action.CorrelationId, action.Reason);
        return view;
    }

    /// <summary>The entry's SPIFFE ID is an agent: suspending or compromising it stops its workloads' SVIDs too.</summary>
    private async Task RegisterWorkloadAgentAsync(RegistrationEntry entry, CreateRegistrationEntry command)
    {
        var agent = GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(entry.SpiffeId));
        if (await agent.GetAsync() is not null)
            return;
        await agent.RegisterAsync(new RegisterAgent(
            Policy: null, entry.Selectors, new Dictionary<string, string> { ["registration_entry"] = entry.Id }, command.Actor, command.CorrelationId));
    }

    private IRegistrationEntryIndexGrain Index(SpiffeId parentId) =>
        GrainFactory.GetGrain<IRegistrationEntryIndexGrain>(GrainKeys.RegistrationEntriesOfParent(parentId));

    private IRegistrationEntryDirectoryGrain Directory(TrustDomain trustDomain) =>
        GrainFactory.GetGrain<IRegistrationEntryDirectoryGrain>(GrainKeys.RegistrationEntryDirectory(trustDomain));

    private Task<AuditRecordView> AuditAsync(RegistrationEntry entry, string action, string actor, string correlationId, string? detail) =>
        GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(entry.SpiffeId.TrustDomain)).AppendAsync(new AuditEntryMessage(
            action, "Allowed", AgentId: entry.SpiffeId.ToString(), Resource: $"registration-entry:{entry.Id}",
            CorrelationId: correlationId, Actor: actor, Detail: detail));

    private static RegistrationEntryCreation Invalid(string error) => new(RegistrationEntryOutcome.Invalid, null, error);
}
