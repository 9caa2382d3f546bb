using Aims.Core.Agents;
using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Core.Revocation;
using Aims.Core.Signals;
using Aims.Grains.Credentials;
using Aims.Grains.Hosting;
using Aims.Grains.Sessions;
using Aims.Grains.Signals;

namespace Aims.Grains.Agents;

/// <summary>
/// How a state change of the agent reaches everything it holds (ARCHITECTURE.md "How a compromise travels"):
/// the new state and revocation moment are written durably and audited first; then the signal goes on the
/// cluster stream (every silo's cache and token grains), sessions and credentials are revoked, and the SSF
/// streams get the CAEP/RISC events. Each call returns only when all of that is done.
/// </summary>
public sealed partial class AgentGrain
{
    public async Task<AgentView> CompromiseAsync(AdminAction action)
    {
        EnsureRegistered();
        var from = S.State;
        S.State = AgentTransitions.Compromise(from);
        var cause = await RevokeEverythingAsync("agent.compromise", action, from);

        var subject = AgentSubject();
        List<SecurityEvent> events = [SecurityEvents.CredentialCompromise(subject, "x509", cause)];
        events.AddRange((await RevokeSessionsAsync(cause, action.CorrelationId)).Select(id => SecurityEvents.SessionRevoked(SessionSubject(id), cause)));
        events.AddRange((await RevokeX509CredentialsAsync(cause, RevocationReason.KeyCompromise)).Select(serial => SecurityEvents.CredentialChange(subject, "revoke", null, serial, cause)));
        await DispatchAsync(events, action, "agent.compromise");
        return View();
    }

    public async Task<AgentView> SuspendAsync(AdminAction action)
    {
        EnsureRegistered();
        var from = S.State;
        S.State = AgentTransitions.Suspend(from);
        S.SuspendedFrom = from;
        var cause = await RevokeEverythingAsync("agent.suspend", action, from);

        // Sessions survive a suspension (they get no tokens meanwhile); what was issued is revoked.
        await DispatchAsync([SecurityEvents.AccountDisabled(AgentSubject(), null, cause)], action, "agent.suspend");
        return View();
    }

    public async Task<AgentView> ResumeAsync(AdminAction action)
    {
        EnsureRegistered();
        var from = S.State;
        S.State = AgentTransitions.Resume(from, S.SuspendedFrom);
        var now = time.GetUtcNow();
        S.UpdatedAt = now;
        await PersistAsync();
        await AuditAsync("agent.resume", "Allowed", action.CorrelationId, action.Actor, cause: action.Reason, detail: $"{from} -> {S.State}");

        var cause = new EventCause(NewTxn(), now, Initiator(action.Actor), action.Reason ?? "resumed by operator");
        await DispatchAsync([SecurityEvents.AccountEnabled(AgentSubject(), cause)], action, "agent.resume");
        return View();
    }

    public async Task<AgentView> TerminateAsync(AdminAction action)
    {
        EnsureRegistered();
        var from = S.State;
        S.State = AgentTransitions.Terminate(from);
        var cause = await RevokeEverythingAsync("agent.terminate", action, from);
        await DispatchAsync(await EndHoldingsAsync(cause, action.CorrelationId), action, "agent.terminate");
        return View();
    }

    /// <summary>
    /// What termination does after the durable revocation: ends the agent's sessions and revokes its X.509
    /// credentials; returns the events that say so (RISC account-purged, CAEP session-revoked per session and
    /// credential-change per certificate).
    /// </summary>
    private async Task<List<SecurityEvent>> EndHoldingsAsync(EventCause cause, string correlationId)
    {
        var subject = AgentSubject();
        List<SecurityEvent> events = [SecurityEvents.AccountPurged(subject, cause)];
        events.AddRange((await RevokeSessionsAsync(cause, correlationId)).Select(id => SecurityEvents.SessionRevoked(SessionSubject(id), cause)));
        events.AddRange((await RevokeX509CredentialsAsync(cause, RevocationReason.CessationOfOperation)).Select(serial => SecurityEvents.CredentialChange(subject, "revoke", null, serial, cause)));
        return events;
    }

    public async Task<AgentView> ReduceScopeAsync(ScopeReduction reduction)
    {
        ArgumentNullException.ThrowIfNull(reduction);
        EnsureRegistered();
        if (!ScopeSet.TryParse(reduction.Scope, out var requested, out var error))
            throw new ArgumentException($"scope is invalid: {error}", nameof(reduction));

        await RefreshScopeCeilingAsync();
        var from = S.State;
        S.State = AgentTransitions.ReduceScope(from);

        // A reduction only ever narrows: what is asked for, within what the agent may have now.
        var ceiling = ScopeCeiling() is { } current && current != Core.Policy.PolicyDefaults.AnyScope
            ? requested.Intersect(ScopeSet.Parse(current))
            : requested;
        S.ScopeCeiling = ceiling.ToString();
        var now = time.GetUtcNow();
        S.UpdatedAt = now;
        await PersistAsync();
        await AuditAsync("agent.reduce-scope", "Allowed", reduction.CorrelationId, reduction.Actor, cause: reduction.Reason,
            detail: $"{from} -> {S.State}; ceiling '{S.ScopeCeiling}' for live and future tokens");

        var cause = new EventCause(NewTxn(), now, Initiator(reduction.Actor), reduction.Reason);
        await PublishSignalAsync(new AgentSignal(Id.ToString(), AgentSignalKind.ScopeReduced, null, S.ScopeCeiling, S.RevocationEpoch, cause.Txn, now));
        await DispatchAsync(
            [SecurityEvents.TokenClaimsChange(AgentSubject(), new Dictionary<string, string> { ["scope"] = S.ScopeCeiling }, cause)],
            new AdminAction(reduction.Actor, reduction.CorrelationId, reduction.Reason), "agent.reduce-scope");
        return View();
    }

    public async Task<AgentView> RestoreScopeAsync(AdminAction action)
    {
        EnsureRegistered();
        var from = S.State;
        S.State = AgentTransitions.RestoreScope(from);
        S.ScopeCeiling = null;
        var now = time.GetUtcNow();
        S.UpdatedAt = now;
        await PersistAsync();
        await AuditAsync("agent.restore-scope", "Allowed", action.CorrelationId, action.Actor, cause: action.Reason, detail: $"{from} -> {S.State}; the policy ceiling applies again");
        var cause = new EventCause(NewTxn(), now, Initiator(action.Actor), action.Reason ?? $"scope restored by {action.Actor}");
        await PublishSignalAsync(new AgentSignal(Id.ToString(), AgentSignalKind.ScopeRestored, null, null, S.RevocationEpoch, cause.Txn, now));
        await RefreshScopeCeilingAsync();

        // Receivers that narrowed the agent's tokens on the reduction's token-claims-change learn the scope they may carry
        // again (CAEP 1.0 §3.2: the claim's new value): the policy's ceiling, "*" when it allows any scope.
        await DispatchAsync(
            [SecurityEvents.TokenClaimsChange(AgentSubject(), new Dictionary<string, string> { ["scope"] = ScopeCeiling() ?? string.Empty }, cause)],
            action, "agent.restore-scope");
        return View();
    }

    public Task<AgentRevocation> GetRevocationAsync() =>
        Task.FromResult(new AgentRevocation(S.Registered, S.State, S.RevokedBefore, S.ScopeCeiling is not null && S.State == AgentState.ScopeReduced ? S.ScopeCeiling : null, S.RevocationEpoch));

    /// <summary>
    /// Durable first: the new state, the revocation moment and a bumped epoch are written and audited before anything
    /// is announced, so a lost signal can never make a revoked token valid again (introspection reads this state).
    /// </summary>
    private async Task<EventCause> RevokeEverythingAsync(string action, AdminAction command, AgentState from)
    {
        var now = time.GetUtcNow();
        S.RevokedBefore = now;
        S.RevocationEpoch++;
        S.UpdatedAt = now;
        await PersistAsync();
        await AuditAsync(action, "Allowed", command.CorrelationId, command.Actor, cause: command.Reason,
            detail: $"{from} -> {S.State}; everything issued up to {now:O} is revoked (epoch {S.RevocationEpoch})");

        var cause = new EventCause(NewTxn(), now, Initiator(command.Actor), command.Reason ?? $"{action} by {command.Actor}");
        await PublishSignalAsync(new AgentSignal(Id.ToString(), AgentSignalKind.Revoked, now, null, S.RevocationEpoch, cause.Txn, now));
        await RevokeTransactionsAsync(cause.ReasonAdmin, command.CorrelationId);
        return cause;
    }

    private Task PublishSignalAsync(AgentSignal signal) =>
        this.GetStreamProvider(StorageNames.Signals).GetStream<AgentSignal>(SignalStreams.AgentSignals(Id.TrustDomain)).OnNextAsync(signal);

    /// <summary>Revokes every live session of the agent with its tokens; returns their ids.</summary>
    private async Task<IReadOnlyList<string>> RevokeSessionsAsync(EventCause cause, string correlationId)
    {
        var ids = S.Sessions.Select(s => s.SessionId).ToList();
        await Task.WhenAll(ids.Select(id => GrainFactory.Reference<ISessionGrain>(GrainKeys.Session(id)).RevokeForAgentAsync(cause.ReasonAdmin, correlationId)));
        S.Sessions.Clear();
        await PersistAsync();
        return ids;
    }

    /// <summary>
    /// Revokes the agent's live X.509 credentials with <paramref name="code"/> (compromise: keyCompromise; termination:
    /// cessationOfOperation): each is on its CA's CRL and answers revoked over OCSP before this returns. Returns the serials.
    /// </summary>
    private async Task<IReadOnlyList<string>> RevokeX509CredentialsAsync(EventCause cause, RevocationReason code)
    {
        var now = time.GetUtcNow();
        var live = S.Credentials.Where(c => c.Kind == CredentialKind.X509Svid && c.ExpiresAt > now && CredentialTransitions.IsLive(c.State)).ToList();
        var records = await Task.WhenAll(live.Select(c => GrainFactory.Reference<ICredentialGrain>(GrainKeys.Credential(c.Id)).RevokeAsync(cause.ReasonAdmin, code)));
        foreach (var record in records)
        {
            var index = S.Credentials.FindIndex(c => c.Id == record.Id);
            if (index >= 0)
                S.Credentials[index] = S.Credentials[index] with { State = record.State };
        }

        await PersistAsync();
        return [.. live.Select(c => c.Id)];
    }

    /// <summary>Hands the events to every SSF stream and records the effect next to its cause.</summary>
    private async Task DispatchAsync(List<SecurityEvent> events, AdminAction action, string cause)
    {
        var dispatcher = GrainFactory.Reference<ISignalDispatcherGrain>(GrainKeys.SignalDispatcher(Id.TrustDomain));
        foreach (var securityEvent in events)
            await dispatcher.PublishAsync(securityEvent.ToMessage());
        await AuditAsync(cause + ".signals", "Info", action.CorrelationId, action.Actor, cause: action.Reason,
            detail: $"sent {string.Join(", ", events.GroupBy(e => e.Type[(e.Type.LastIndexOf('/') + 1)..]).Select(g => $"{g.Count()} {g.Key}"))} (txn {(events.Count > 0 ? events[0].Txn : "none")})");
    }

    /// <summary>
    /// CAEP assurance-level-change when the evidence behind the agent's identity changes (a first attestation, or a
    /// re-attestation with other evidence): namespace <c>aims-attestation</c>, levels are the evidence types joined
    /// by '+', more evidence types is an increase. Receivers may weigh tokens by it; nothing is revoked.
    /// </summary>
    private async Task AnnounceAssuranceChangeAsync(AttestationSummary? previous, AttestationSummary current)
    {
        var before = previous is null ? null : AssuranceLevel(previous);
        var now = AssuranceLevel(current);
        if (before == now)
            return;

        var cause = new EventCause(NewTxn(), time.GetUtcNow(), InitiatingEntity.System, $"attested with {now}");
        var increased = previous is null || current.EvidenceTypes.Count >= previous.EvidenceTypes.Count;
        await GrainFactory.Reference<ISignalDispatcherGrain>(GrainKeys.SignalDispatcher(Id.TrustDomain)).PublishAsync(
            SecurityEvents.AssuranceLevelChange(AgentSubject(), AssuranceNamespace, now, before, before is null ? null : increased, cause).ToMessage());
    }

    private const string AssuranceNamespace = "aims-attestation";

    private static string AssuranceLevel(AttestationSummary attestation) =>
        string.Join('+', attestation.EvidenceTypes.Order(StringComparer.Ordinal));

    private SubjectIdentifier AgentSubject() => SubjectIdentifier.ForUri(Id.ToString());

    private SubjectIdentifier SessionSubject(string sessionId) => SubjectIdentifier.Complex(user: AgentSubject(), session: SubjectIdentifier.ForOpaque(sessionId));

    private static string NewTxn() => Guid.NewGuid().ToString("N");

    /// <summary>CAEP <c>initiating_entity</c>: an operator is an admin; a received SET (actor <c>ssf:…</c>) is policy.</summary>
    private static InitiatingEntity Initiator(string actor) =>
        actor.StartsWith("ssf:", StringComparison.Ordinal) ? InitiatingEntity.Policy : InitiatingEntity.Admin;
}
