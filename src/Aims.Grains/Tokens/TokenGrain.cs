using Aims.Core.Tokens;
using Aims.Grains.Hosting;
using Aims.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Aims.Grains.Tokens;

/// <summary>
/// One access token. Issuance neither writes nor activates anything (ARCHITECTURE.md "Performance shape"): the signed
/// token is the record of its issuance, and most tokens are never asked about. The first question about a token
/// (introspection, exchange, revocation) activates its grain with the record the caller read from the verified token;
/// what was stored (a revocation) wins over it. The activation leaves soon after its token expires (a timer due at
/// expiry asks to be deactivated). While it lives, its silo's signal relay finds it through
/// <see cref="Signals.LocalTokenActivations"/> and tells it when an agent it names is revoked or scope-reduced.
/// </summary>
/// <remarks>
/// The state name and storage are those a <c>[PersistentState("token")]</c> would use, so stored revocations stay
/// readable.
/// </remarks>
public sealed class TokenGrain(
    [FromKeyedServices(StorageNames.Aims)] IGrainStorage storage,
    Signals.LocalTokenActivations activations,
    TimeProvider time) : Grain, ITokenGrain
{
    private const string StateName = "token";

    private readonly DirectGrainState<TokenGrainState> _stored = new();
    private TokenRecord? _record;
    private bool _loaded;
    private IGrainTimer? _expiry;

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

    public async Task<TokenRecord> GetAsync(TokenRecord issued)
    {
        await LoadAsync(issued);
        return Current()!;
    }

    public async Task<TokenRecord> RevokeAsync(TokenRecord known, string reason)
    {
        await LoadAsync(known);
        var record = Current()!;
        if (!TokenTransitions.IsLive(record.State))
            return record;

        var revoked = record with { State = TokenTransitions.Revoke(record.State), RevocationReason = reason };
        _stored.State = new TokenGrainState { Record = revoked };
        await storage.WriteStateAsync(StateName, this.GetGrainId(), _stored);
        _record = revoked;
        _expiry = this.DeactivateAt(_expiry, revoked.ExpiresAt, time);
        return revoked;
    }

    /// <summary>
    /// Reads the stored record once; what was stored (a revocation) comes after issuance, so it wins over
    /// <paramref name="issued"/>. Then the activation joins its silo's signal relay and leaves once the token expires.
    /// </summary>
    private async Task LoadAsync(TokenRecord issued)
    {
        if (_loaded)
            return;
        ArgumentNullException.ThrowIfNull(issued);
        if (issued.Jti != this.GetPrimaryKeyString())
            throw new ArgumentException($"the record is of token {issued.Jti}, not of {this.GetPrimaryKeyString()}", nameof(issued));

        await storage.ReadStateAsync(StateName, this.GetGrainId(), _stored);
        _loaded = true;
        _record = _stored.State?.Record ?? issued;
        activations.Track(_record.Jti, TokenSignals.Parties(_record));
        _expiry = this.DeactivateAt(_expiry, _record.ExpiresAt, time);
    }

    private TokenRecord? Current()
    {
        if (_record is { } record && TokenTransitions.IsLive(record.State) && time.GetUtcNow() >= record.ExpiresAt)
            _record = record with { State = TokenTransitions.Expire(record.State) };
        return _record;
    }
}
