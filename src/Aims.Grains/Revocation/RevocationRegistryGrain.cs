using Aims.Core.Authority;
using Aims.Core.Identity;
using Aims.Core.Revocation;
using Aims.Grains.Authority;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Aims.Grains.Revocation;

/// <summary>
/// One CA's revocation list and CRL. Thin: records revocations durably, and issues the CRL (numbered, signed by the CA
/// through Core's writer) when the list changed or half the last one's validity has passed. The CRL itself is kept in
/// memory only: a new activation issues the next number, never an old one again.
/// </summary>
public sealed class RevocationRegistryGrain(
    [PersistentState("revocations", StorageNames.Aims)] IPersistentState<RevocationRegistryGrainState> state,
    AuthorityMaterial material,
    IOptions<AimsOptions> options,
    TimeProvider time) : Grain, IRevocationRegistryGrain
{
    private CertificateAuthority? _authority;
    private CrlView? _current;

    private RevocationRegistryGrainState S => state.State;

    private TrustDomain TrustDomain => TrustDomain.Parse(this.GetPrimaryKeyString().Split('/', 2)[0]);

    private string CaKid => this.GetPrimaryKeyString().Split('/', 2)[1];

    public async Task RecordAsync(RevokedSerial revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        if (S.Entries.Exists(e => e.SerialNumber == revocation.SerialNumber))
            return;

        S.Entries.Add(revocation);
        await WriteAsync();
        _current = null;
    }

    public async Task<CrlView?> GetCrlAsync(long knownNumber)
    {
        var now = time.GetUtcNow();
        if (_current is null || CrlSchedule.IsReissueDue(_current.ThisUpdate, _current.NextUpdate, now))
        {
            if (await AuthorityAsync() is not { } authority)
                return null;
            await IssueAsync(authority, now);
        }

        return _current!.Number == knownNumber ? _current with { Der = null } : _current;
    }

    public Task<IReadOnlyList<RevokedSerial>> ListAsync() => Task.FromResult<IReadOnlyList<RevokedSerial>>([.. S.Entries]);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _authority?.Dispose();
        _authority = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task IssueAsync(CertificateAuthority authority, DateTimeOffset now)
    {
        var thisUpdate = CrlSchedule.WholeSeconds(now);
        var nextUpdate = thisUpdate + options.Value.Revocation.CrlValidity;
        S.Entries.RemoveAll(e => CrlSchedule.MayDrop(e.ToCore(), S.LastIssuedAt));
        S.CrlNumber++;
        S.LastIssuedAt = thisUpdate;
        await WriteAsync();

        var der = CrlWriter.Write(authority, S.Entries.Select(e => e.ToCore()), S.CrlNumber, thisUpdate, nextUpdate);
        _current = new CrlView(CaKid, S.CrlNumber, thisUpdate, nextUpdate, der);
    }

    private async Task<CertificateAuthority?> AuthorityAsync()
    {
        if (_authority is not null)
            return _authority;
        var snapshot = await GrainFactory.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(TrustDomain)).GetSnapshotAsync();
        return _authority = CertificateAuthorityKeys.Load(snapshot, material, CaKid);
    }

    /// <summary>Durable or not at all: a failed write drops the activation so the next call reloads what is stored.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _current = null;
            DeactivateOnIdle();
            throw;
        }
    }
}
