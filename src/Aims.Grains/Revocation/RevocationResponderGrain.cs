using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Revocation;
using Aims.Grains.Authority;
using Aims.Grains.Credentials;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Aims.Grains.Revocation;

/// <summary>
/// A per-silo OCSP worker. It keeps the trust domain's CAs loaded (refreshed like the issuer's key ring), matches each
/// CertID to the CA that issued it, reads the credential grain of the serial (no write on this path) and has Core sign
/// the answer with that CA's key.
/// </summary>
[StatelessWorker]
public sealed class RevocationResponderGrain(AuthorityMaterial material, IOptions<AimsOptions> options, TimeProvider time)
    : Grain, IRevocationResponderGrain, IDisposable
{
    /// <summary>How long loaded CAs are trusted before the authority is asked again; a new CA is prepared long before it signs.</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);

    private Loaded? _loaded;

    public async Task<byte[]> RespondAsync(byte[] request)
    {
        if (!OcspRequest.TryParse(request, out var parsed, out _))
            return OcspResponseWriter.Failure(OcspResponseStatus.MalformedRequest);

        var loaded = await LoadAsync();
        var matched = parsed!.Items.Select(item => (Item: item, Issuer: loaded.Issuers.FirstOrDefault(i => i.Issued(item)))).ToList();

        // RFC 6960 §2.3 (RFC 5019 §2.2.3): a request about none of our CAs is not ours to answer.
        if (matched.Find(m => m.Issuer is not null).Issuer is not { } signer)
            return OcspResponseWriter.Failure(OcspResponseStatus.Unauthorized);

        var statuses = await Task.WhenAll(matched.Select(m => StatusAsync(m.Item, m.Issuer)));
        return OcspResponseWriter.Successful(
            signer, [.. matched.Select((m, i) => (m.Item, statuses[i]))], parsed.NonceExtensionValue, time.GetUtcNow(), options.Value.Revocation.OcspValidity);
    }

    public async Task<CrlView?> GetCrlAsync(string? caKid, string? heldCaKid, long heldNumber)
    {
        var loaded = await LoadAsync();
        var kid = caKid ?? loaded.ActiveKid;
        if (kid is null || !loaded.Issuers.Exists(i => i.Kid == kid))
            return null;

        // CRL numbers count per CA: a number held for another CA says nothing about this one's (0 is never issued).
        return await GrainFactory.GetGrain<IRevocationRegistryGrain>(GrainKeys.RevocationRegistry(material.TrustDomain, kid))
            .GetCrlAsync(heldCaKid == kid ? heldNumber : 0);
    }

    public void Dispose() => _loaded?.Dispose();

    /// <summary>Good, revoked (when, why) or unknown, from the credential record; a serial another CA issued is unknown here.</summary>
    private async Task<OcspCertStatus> StatusAsync(OcspRequestItem item, OcspIssuer? issuer)
    {
        if (issuer is null || item.SerialNumberHex is null)
            return OcspCertStatus.Unknown;

        var record = await GrainFactory.GetGrain<ICredentialGrain>(GrainKeys.Credential(item.SerialNumberHex)).GetAsync();
        if (record is null || record.Kind != CredentialKind.X509Svid || record.IssuerKeyId != issuer.Kid)
            return OcspCertStatus.Unknown;
        return record.State == CredentialState.Revoked
            ? OcspCertStatus.Revoked(record.RevokedAt ?? record.IssuedAt, record.RevocationCode ?? RevocationReason.Unspecified)
            : OcspCertStatus.Good;
    }

    private async Task<Loaded> LoadAsync()
    {
        var now = time.GetUtcNow();
        if (_loaded is not null && now - _loaded.LoadedAt < Refresh)
            return _loaded;

        var snapshot = await GrainFactory.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(material.TrustDomain)).GetSnapshotAsync();
        if (_loaded is not null && _loaded.Sequence == snapshot.Sequence)
        {
            _loaded.LoadedAt = now;
            return _loaded;
        }

        var authorities = CertificateAuthorityKeys.Load(snapshot, material);
        _loaded?.Dispose();
        _loaded = new Loaded(
            snapshot.Sequence,
            [.. authorities.Select(a => new OcspIssuer(a.Slot.Kid, a.Authority))],
            authorities.Find(a => a.Slot.State == KeySlotState.Active).Slot?.Kid)
        {
            LoadedAt = now,
        };
        return _loaded;
    }

    private sealed class Loaded(long sequence, List<OcspIssuer> issuers, string? activeKid) : IDisposable
    {
        public long Sequence { get; } = sequence;

        public List<OcspIssuer> Issuers { get; } = issuers;

        public string? ActiveKid { get; } = activeKid;

        public DateTimeOffset LoadedAt { get; set; }

        public void Dispose()
        {
            foreach (var issuer in Issuers)
                issuer.Authority.Dispose();
        }
    }
}
