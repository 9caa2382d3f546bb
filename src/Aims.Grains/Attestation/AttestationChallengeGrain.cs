using Aims.Grains.Hosting;

namespace Aims.Grains.Attestation;

/// <summary>
/// A challenge nonce, in memory only: anyone may ask for a nonce, so asking must cost the fabric no storage. Losing
/// one to a silo restart is safe, since a nonce this grain does not know is refused, and the caller asks for another.
/// The activation lives until the nonce expires (so a spent nonce says it was spent), then leaves. Thin: the nonce's
/// rules (size, lifetime bounds) are Core's <c>AttestationChallenge</c>.
/// </summary>
public sealed class AttestationChallengeGrain(TimeProvider time) : Grain, IAttestationChallengeGrain
{
    private const string AskForAnother = "get a new one from POST /v1/attest/challenge";

    private ChallengeStatus _status;
    private DateTimeOffset _expiresAt;
    private IGrainTimer? _expiry;

    public Task<DateTimeOffset?> IssueAsync(TimeSpan ttl)
    {
        if (_status != ChallengeStatus.None)
            return Task.FromResult<DateTimeOffset?>(null);
        if (Core.Attestation.AttestationChallenge.CheckTtl(ttl) is { } problem)
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, problem);

        _status = ChallengeStatus.Pending;
        _expiresAt = time.GetUtcNow() + ttl;
        _expiry = this.DeactivateAt(_expiry, _expiresAt, time);
        return Task.FromResult<DateTimeOffset?>(_expiresAt);
    }

    public Task<ChallengeRedemption> RedeemAsync()
    {
        if (_status == ChallengeStatus.Pending && time.GetUtcNow() >= _expiresAt)
            _status = ChallengeStatus.Expired;

        var refusal = _status switch
        {
            ChallengeStatus.None => $"the nonce is unknown: not issued by this fabric, or expired and forgotten; {AskForAnother}",
            ChallengeStatus.Used => $"the nonce was already used; nonces are single-use, {AskForAnother}",
            ChallengeStatus.Expired => $"the nonce expired at {_expiresAt:O}; {AskForAnother}",
            _ => null,
        };
        if (refusal is not null)
            return Task.FromResult(new ChallengeRedemption(false, refusal));

        _status = ChallengeStatus.Used;
        return Task.FromResult(new ChallengeRedemption(true, null));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _expiry?.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}
