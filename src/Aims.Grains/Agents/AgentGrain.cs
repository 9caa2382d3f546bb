using Aims.Core.Agents;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Policy;
using Aims.Grains.Audit;
using Aims.Grains.Credentials;
using Aims.Grains.Hosting;
using Aims.Grains.Policies;

namespace Aims.Grains.Agents;

/// <summary>
/// One agent identity. Thin: loads its state, asks Core (policy, transitions) what is allowed, has the issuer
/// sign, records credentials and audit durably, and only then answers.
/// </summary>
public sealed partial class AgentGrain(
    [PersistentState("agent", StorageNames.Aims)] IPersistentState<AgentGrainState> state,
    AccessTokenMinter accessTokens,
    TimeProvider time) : Grain, IAgentGrain
{
    private SpiffeId? _id;

    private SpiffeId Id => _id ??= SpiffeId.Parse(this.GetPrimaryKeyString());

    private AgentGrainState S => state.State;

    public async Task<AgentView?> RegisterAsync(RegisterAgent command)
    {
        if (S.Registered)
            return command.MovedFrom is not null && command.MovedFrom == S.MovedFrom ? View() : null;

        var now = time.GetUtcNow();
        S.Registered = true;
        S.MovedFrom = command.MovedFrom;
        S.State = AgentState.Registered;
        S.Policy = command.Policy ?? BuiltInPolicies.DefaultName;
        S.Selectors = [.. command.Selectors];
        S.Metadata = new Dictionary<string, string>(command.Metadata);
        S.CreatedAt = S.UpdatedAt = now;
        await PersistAsync();
        await GrainFactory.Reference<IAgentDirectoryGrain>(GrainKeys.AgentDirectory(Id.TrustDomain)).AddAsync(Id.ToString());
        if (command.MovedFrom is null)
            await AuditAsync("agent.register", "Allowed", command.CorrelationId, command.Actor, detail: $"policy {S.Policy}");
        else
            await AuditAsync("agent.register", "Allowed", command.CorrelationId, command.Actor, cause: $"agent.move from {command.MovedFrom}",
                detail: $"policy {S.Policy}; selectors and metadata of {command.MovedFrom}; no credentials moved, it attests again");
        await RefreshScopeCeilingAsync();
        return View();
    }

    public async Task<AgentView?> GetAsync()
    {
        if (!S.Registered)
            return null;

        await RefreshScopeCeilingAsync();
        return View();
    }

    public Task<IReadOnlyList<CredentialSummary>> GetCredentialsAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<CredentialSummary>>([.. S.Credentials.Where(c => c.ExpiresAt > now)]);
    }

    public Task<IReadOnlyList<ClientKey>> GetClientKeysAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<ClientKey>>(S.Registered ? [.. S.ClientKeys.Where(k => k.ExpiresAt > now)] : []);
    }

    /// <summary>
    /// Writes the state durably, pruned of what has expired and capped, so it stays small whatever the agent does.
    /// If the write fails the activation is dropped: the next call reloads what is stored rather than trusting
    /// changes that never became durable (a compromise must not look done when it is not).
    /// </summary>
    private async Task PersistAsync()
    {
        var now = time.GetUtcNow();
        S.Credentials.RemoveAll(c => c.ExpiresAt <= now);
        S.ClientKeys.RemoveAll(k => k.ExpiresAt <= now);
        KeepNewest(S.Credentials, c => c.Kind == CredentialKind.JwtSvid, c => c.IssuedAt, MaxTrackedJwtSvids);
        KeepNewest(S.ClientKeys, _ => true, k => k.ExpiresAt, MaxTrackedClientKeys);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>JWT-SVIDs an agent may hold at once in its record (they are revoked by the agent's epoch, not one by one).</summary>
    internal const int MaxTrackedJwtSvids = 64;

    internal const int MaxTrackedClientKeys = 32;

    private static void KeepNewest<T>(List<T> items, Func<T, bool> selected, Func<T, DateTimeOffset> age, int max)
    {
        var chosen = items.Where(selected).ToList();
        if (chosen.Count <= max)
            return;
        var dropped = chosen.OrderByDescending(age).Skip(max).ToHashSet();
        items.RemoveAll(dropped.Contains);
    }

    private void EnsureRegistered()
    {
        if (!S.Registered)
            throw new KeyNotFoundException($"Agent {Id} is not registered.");
    }

    /// <param name="attestation">The attestation the decision rests on, when it is newer than the stored one.</param>
    private Task<AuditRecordView> AuditAsync(
        string action, string decision, string correlationId, string? actor, string? resource = null, string? cause = null,
        string? detail = null, AttestationSummary? attestation = null, string? delegatedSubject = null) =>
        GrainFactory.Reference<IAuditLogGrain>(GrainKeys.AuditLog(Id.TrustDomain)).AppendAsync(new AuditEntryMessage(
            action, decision, AgentId: Id.ToString(), DelegatedSubject: delegatedSubject, Resource: resource, CorrelationId: correlationId,
            AttestationState: Posture(attestation), Cause: cause, Actor: actor, Detail: detail));

    /// <summary>The attestation or risk state that goes into every audit record (AIMS §11).</summary>
    private string Posture(AttestationSummary? pending)
    {
        var attestation = pending ?? S.Attestation;
        var state = pending is null ? S.State : AgentTransitions.Attest(S.State);
        return attestation is null ? state.ToString() : $"{state}; attested by {string.Join('+', attestation.EvidenceTypes)}";
    }

    private AgentView View()
    {
        var now = time.GetUtcNow();
        return new AgentView(
            Id.ToString(), S.State, S.Policy, S.Selectors, S.Metadata, S.CreatedAt, S.UpdatedAt, S.Attestation, ScopeCeiling(),
            LiveCredentials: S.Credentials.Count(c => c.ExpiresAt > now && c.State is CredentialState.Active or CredentialState.Issued),
            LiveTokens: LiveTokenCount(),
            LiveSessions: LiveSessionCount(),
            MovedTo: S.MovedTo,
            MovedFrom: S.MovedFrom,
            LiveTransactions: LiveTransactionCount());
    }
}
