using Aims.Core.Tokens;
using Aims.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Aims.Grains.Tokens;

/// <summary>
/// One access token. Grain-per-token means an activation for every live token, so the activation leaves soon after
/// its token expires (ARCHITECTURE.md "Performance shape"): a timer due at expiry asks to be deactivated. Nothing is
/// written on issuance; after expiry a fresh activation knows only what was persisted (a revocation), and the
/// token's own <c>exp</c> already makes it inactive. Its silo's signal relay finds it through
/// <see cref="Signals.LocalTokenActivations"/> and tells it when an agent it names is revoked or scope-reduced.
/// </summary>
/// <remarks>
/// Stored state is read on first need, not on activation: a token grain is activated by its issuance, when nothing
/// can have been stored for a <c>jti</c> that was minted a moment ago, and most tokens are never introspected. The
/// state name and storage are those a <c>[PersistentState("token")]</c> would use, so stored revocations stay readable.
/// </remarks>
public sealed class TokenGrain(
    [FromKeyedServices(StorageNames.Aims)] IGrainStorage storage,
    Signals.LocalTokenActivations activations,
    TimeProvider time) : Grain, ITokenGrain
{
    private const string StateName = "token";

    private readonly StoredToken _stored = new();
    private TokenRecord? _record;
    private bool _loaded;
    private IGrainTimer? _expiry;

    public Task RecordIssuedAsync(TokenRecord record)
    {
        // In memory only: issuance writes nothing per token (ARCHITECTURE.md "Performance shape").
        if (_record is null)
        {
            _record = record;
            activations.Track(record.Jti, TokenSignals.Parties(record));
            DeactivateAfter(record.ExpiresAt);
        }

        return Task.CompletedTask;
    }

    public Task ApplySignalAsync(Signals.AgentSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (Current() is { } record && TokenTransitions.IsLive(record.State))
            _record = TokenSignals.Apply(record, signal);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_record is { } record)
            activations.Untrack(record.Jti, TokenSignals.Parties(record));
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<TokenRecord?> GetAsync()
    {
        await LoadAsync();
        return Current();
    }

    public async Task<TokenRecord> RevokeAsync(TokenRecord known, string reason)
    {
        await LoadAsync();
        var record = Current() ?? known;
        if (!TokenTransitions.IsLive(record.State))
            return record;

        var revoked = record with { State = TokenTransitions.Revoke(record.State), RevocationReason = reason };
        _stored.State = new TokenGrainState { Record = revoked };
        await storage.WriteStateAsync(StateName, this.GetGrainId(), _stored);
        _record = revoked;
        DeactivateAfter(revoked.ExpiresAt);
        return revoked;
    }

    /// <summary>Reads the stored record once; what was stored (a revocation) comes after issuance, so it wins.</summary>
    private async Task LoadAsync()
    {
        if (_loaded)
            return;
        await storage.ReadStateAsync(StateName, this.GetGrainId(), _stored);
        _loaded = true;
        if (_stored.State?.Record is { } stored)
        {
            _record = stored;
            DeactivateAfter(stored.ExpiresAt);
        }
    }

    private TokenRecord? Current()
    {
        if (_record is { } record && TokenTransitions.IsLive(record.State) && time.GetUtcNow() >= record.ExpiresAt)
            _record = record with { State = TokenTransitions.Expire(record.State) };
        return _record;
    }

    /// <summary>Arms (or re-arms) the one timer that deactivates this activation once the token has expired.</summary>
    private void DeactivateAfter(DateTimeOffset expiresAt)
    {
        var due = expiresAt - time.GetUtcNow();
        _expiry?.Dispose();
        _expiry = this.RegisterGrainTimer(
            static (grain, _) =>
            {
                grain.DeactivateOnIdle();
                return Task.CompletedTask;
            },
            this,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    /// <summary>The stored form, read and written through the storage provider directly.</summary>
    private sealed class StoredToken : IGrainState<TokenGrainState?>
    {
        // Nullable as the interface declares it: a provider may reset a missing record to null.
        public TokenGrainState? State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
