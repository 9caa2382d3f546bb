using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Transactions;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Credentials;
using Aims.Grains.Hosting;
using Aims.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Aims.Grains.Transactions;

/// <summary>
/// One transaction (ARCHITECTURE.md TransactionGrain). Thin: the requesting workload's agent grain decides by policy,
/// Core's <see cref="TxnTokenRules"/> decide what a replacement may say, the issuer signs and verifies, the audit log
/// records, and the agents party to the transaction learn of it (so a compromise of any of them revokes it). Starting
/// writes no state, like issuing an access token: the signed token and the audit record are the record of issuance,
/// and a later question about the transaction is answered from what a validly signed token of it says unless a
/// revocation was stored. A revocation is written before it is acknowledged. The activation leaves once the
/// transaction has expired.
/// </summary>
public sealed class TransactionGrain(
    [FromKeyedServices(StorageNames.Aims)] IGrainStorage storage,
    TimeProvider time) : Grain, ITransactionGrain
{
    private const string StateName = "transaction";

    private readonly DirectGrainState<TransactionGrainState> _stored = new();
    private TransactionRecord? _record;
    private Task? _loading;
    private IGrainTimer? _expiry;

    private string Txn => this.GetPrimaryKeyString();

    public async Task<TxnTokenOutcome> StartAsync(TransactionStart start)
    {
        ArgumentNullException.ThrowIfNull(start);

        // A txn is 122 random bits made for this call: nothing can be stored under it yet, so nothing is read.
        var state = TransactionTransitions.Start(_record?.State ?? TransactionState.None);
        _loading = Task.CompletedTask;
        var trustDomain = TrustDomain.Parse(start.TrustDomain);
        var requester = SpiffeId.Parse(start.Requester);
        var asked = $"start a transaction for {start.Subject} from access token {start.SubjectJti} of {start.SubjectClientId}; scope '{string.Join(' ', start.Scopes)}'";
        var authorization = await Agent(requester).AuthorizeTransactionAsync(new TransactionAuthorization(Txn, start.SubjectAudiences, asked, start.CorrelationId));
        if (!authorization.Allowed)
            return TxnTokenOutcome.Refused(authorization.Error!, authorization.ErrorDescription!);

        var issued = await Issuer(trustDomain).MintTxnTokenAsync(new TxnTokenMint(
            start.Issuer, Txn, start.Subject, trustDomain.Name, start.Scopes, [start.Requester], start.TransactionContext, start.RequesterContext,
            authorization.Ttl, null));
        // A revocation that interleaved while the token was signed stays: Answer then refuses to hand the token out.
        _record = _record is { State: TransactionState.Revoked } revoked
            ? revoked
            : new TransactionRecord(Txn, start.Subject, trustDomain.Name, issued.Scope, [start.Requester], issued.IssuedAt, issued.ExpiresAt, state, null, 0);
        _expiry = this.DeactivateAt(_expiry, issued.ExpiresAt, time);

        // Durable before acknowledged: the audit record of the issuance is written before the token is returned.
        await AuditAsync(trustDomain, "transaction.start", "Allowed", start.Requester, start.CorrelationId,
            $"{asked}; via {start.ClientAuthentication}; req_wl {start.Requester}; expires {issued.ExpiresAt:O}");
        await TrackAsync(trustDomain, [start.Subject, start.Requester]);
        return Answer(issued);
    }

    public async Task<TxnTokenOutcome> ReplaceAsync(TransactionReplacement replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var presented = replacement.Presented;
        await LoadAsync(TransactionRecord.From(presented));
        var trustDomain = TrustDomain.Parse(presented.Audience);
        var record = Current()!;

        // RFC 8693 §2.2.2: a subject_token that is no longer acceptable is invalid_request.
        if (!TransactionTransitions.IsLive(record.State))
            return await RefuseAsync(OAuthErrors.InvalidRequest, $"transaction {Txn} is {Describe(record)}; its tokens are no longer replaced");

        var requester = SpiffeId.Parse(replacement.Requester);
        var asked = $"replace a transaction token of {presented.Subject} (req_wl {string.Join(',', presented.RequestingWorkloads)}); scope '{string.Join(' ', replacement.Scopes)}'";
        var authorization = await Agent(requester).AuthorizeTransactionAsync(new TransactionAuthorization(Txn, null, asked, replacement.CorrelationId));
        if (!authorization.Allowed)
            return TxnTokenOutcome.Refused(authorization.Error!, authorization.ErrorDescription!);

        var (next, refusal) = TxnTokenRules.Replace(ToCore(presented), ScopeSet.Create(replacement.Scopes), replacement.TransactionContextAdditions,
            replacement.Requester, authorization.Ttl, time.GetUtcNow());
        if (refusal is not null)
            return await RefuseAsync(refusal.Error, refusal.Description);

        var issued = await Issuer(trustDomain).MintTxnTokenAsync(new TxnTokenMint(
            next!.Issuer, next.Txn, next.Subject, next.Audience, [.. next.Scope], next.RequestingWorkloads, next.TransactionContext,
            next.RequesterContext, next.Ttl, next.NotAfter));
        var known = Current()!;
        _record = known with
        {
            RequestingWorkloads = [.. known.RequestingWorkloads.Union([replacement.Requester], StringComparer.Ordinal)],
            Replacements = known.Replacements + 1,
        };

        await AuditAsync(trustDomain, "transaction.replace", "Allowed", replacement.Requester, replacement.CorrelationId,
            $"{asked}; via {replacement.ClientAuthentication}; scope '{issued.Scope}'; req_wl {string.Join(',', issued.RequestingWorkloads)}; expires {issued.ExpiresAt:O}");
        await TrackAsync(trustDomain, [replacement.Requester]);
        return Answer(issued);

        async Task<TxnTokenOutcome> RefuseAsync(string error, string description)
        {
            await AuditAsync(trustDomain, "transaction.replace", "Denied", replacement.Requester, replacement.CorrelationId, $"{error}: {description}");
            return TxnTokenOutcome.Refused(error, description);
        }
    }

    public async Task<TransactionRecord> GetAsync(TransactionRecord issued)
    {
        await LoadAsync(issued);
        return Current()!;
    }

    public async Task<TransactionRecord> RevokeAsync(TransactionRecord known, string reason, string correlationId)
    {
        await LoadAsync(known);
        var record = Current() ?? known;
        if (!TransactionTransitions.IsLive(record.State))
            return record;

        var revoked = record with { State = TransactionTransitions.Revoke(record.State), RevocationReason = reason };
        _stored.State = new TransactionGrainState { Record = revoked };
        await storage.WriteStateAsync(StateName, this.GetGrainId(), _stored);
        _record = revoked;
        await AuditAsync(TrustDomain.Parse(revoked.Audience), "transaction.revoke", "Allowed", revoked.RequestingWorkloads[0], correlationId,
            $"transaction of {revoked.Subject} started by {revoked.RequestingWorkloads[0]} revoked: {reason}");
        return revoked;
    }

    /// <summary>
    /// A token minted while a revocation interleaved (a compromise does not wait for an issuance) never leaves: the
    /// revocation was ordered before this answer.
    /// </summary>
    private TxnTokenOutcome Answer(TxnTokenIssued issued) =>
        Current() is { } record && TransactionTransitions.IsLive(record.State)
            ? new TxnTokenOutcome(issued, null, null)
            : TxnTokenOutcome.Refused(OAuthErrors.InvalidRequest, $"transaction {Txn} was revoked while its token was being issued");

    /// <summary>Reads the stored record once (a revocation wins over <paramref name="issued"/>); concurrent callers share the read.</summary>
    private Task LoadAsync(TransactionRecord issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        if (issued.Txn != Txn)
            throw new ArgumentException($"the record is of transaction {issued.Txn}, not of {Txn}", nameof(issued));
        return _loading ??= ReadAsync(issued);
    }

    private async Task ReadAsync(TransactionRecord issued)
    {
        await storage.ReadStateAsync(StateName, this.GetGrainId(), _stored);
        _record = _stored.State?.Record ?? issued;
        _expiry = this.DeactivateAt(_expiry, _record.ExpiresAt, time);
    }

    private TransactionRecord? Current()
    {
        if (_record is { } record)
            _record = record with { State = TransactionTransitions.At(record.State, record.ExpiresAt, time.GetUtcNow()) };
        return _record;
    }

    private static string Describe(TransactionRecord record) =>
        record.State == TransactionState.Revoked ? $"revoked ({record.RevocationReason})" : record.State.ToString().ToLowerInvariant();

    /// <summary>Every agent of this trust domain party to the transaction lists it, and revokes it when it is compromised.</summary>
    private Task TrackAsync(TrustDomain trustDomain, IEnumerable<string> parties)
    {
        var record = _record!;
        var summary = new TransactionSummary(Txn, record.Subject, record.RequestingWorkloads[0], record.Scope, record.IssuedAt, record.ExpiresAt, record.State);
        return Task.WhenAll(parties.Distinct(StringComparer.Ordinal)
            .Where(party => SpiffeId.TryParse(party, out var id) && id.IsMemberOf(trustDomain))
            .Select(party => Agent(SpiffeId.Parse(party)).TrackTransactionAsync(summary)));
    }

    private IAgentGrain Agent(SpiffeId id) => GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id));

    private ICredentialIssuerGrain Issuer(TrustDomain trustDomain) => GrainFactory.GetGrain<ICredentialIssuerGrain>(GrainKeys.Issuer(trustDomain));

    private Task<AuditRecordView> AuditAsync(TrustDomain trustDomain, string action, string decision, string? agent, string correlationId, string detail) =>
        GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(trustDomain)).AppendAsync(new AuditEntryMessage(
            action, decision, AgentId: agent, DelegatedSubject: _record?.Subject, Resource: $"transaction:{Txn}",
            CorrelationId: correlationId, Actor: agent, Detail: detail));

    private static TxnToken ToCore(PresentedTxnToken presented) => new(
        string.Empty, presented.Issuer, presented.Txn, presented.Subject, presented.Audience, ScopeSet.Parse(presented.Scope),
        presented.RequestingWorkloads, presented.TransactionContext, presented.RequesterContext, presented.IssuedAt, presented.ExpiresAt, string.Empty);
}
