using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Core.Authority;
using Aims.Core.Jose;
using Aims.Grains.Audit;
using Aims.Grains.Authority;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Authority;

/// <summary>
/// Key slots through one lifetime on the fake clock: prepared at 1/2, activated at 5/6, dropped after expiry. Each
/// test activates an authority grain of its own (the keys are still for the silo's trust domain, aims.test).
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class TrustDomainAuthorityGrainTests(AimsClusterFixture fixture)
{
    private static readonly TimeSpan Lifetime = new Hosting.AimsOptions().Authority.KeyLifetime;

    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task GetSnapshotAsync_FirstCall_CreatesOneActiveKeyPerKindAtSequence1()
    {
        var now = fixture.Clock.GetUtcNow();

        var snapshot = await NewAuthority().GetSnapshotAsync();

        Assert.Equal(1, snapshot.Sequence);
        Assert.Equal(AimsClusterFixture.TrustDomainName, snapshot.TrustDomain);
        Assert.Equal(now, snapshot.TakenAt);
        Assert.Equal(Enum.GetValues<KeyKind>(), snapshot.Keys.Select(k => k.Kind).Order());
        Assert.All(snapshot.Keys, k => Assert.Equal(KeySlotState.Active, k.State));
        Assert.All(snapshot.Keys, k => Assert.Equal(now, k.NotBefore));
        Assert.All(snapshot.Keys, k => Assert.Equal(now + Lifetime, k.NotAfter));
        Assert.Empty(snapshot.UpstreamChainDer);
        Assert.Empty(snapshot.UpstreamRootsDer);
        var ca = snapshot.Keys.Single(k => k.Kind == KeyKind.X509Authority);
        using var certificate = X509CertificateLoader.LoadCertificate(ca.CertificateDer!);
        Assert.Equal(certificate.SubjectName.RawData, certificate.IssuerName.RawData);
        Assert.Equal(ca.Kid, certificate.SerialNumber.ToLowerInvariant());
        Assert.All(snapshot.Keys.Where(k => k.Kind != KeyKind.X509Authority), k => Assert.Null(k.CertificateDer));
    }

    [Fact]
    public async Task RotateIfDueAsync_NoTimePassed_ChangesNothing()
    {
        var authority = NewAuthority();
        var before = await authority.GetSnapshotAsync();

        var report = await authority.RotateIfDueAsync();

        Assert.Empty(report.Changes);
        Assert.Equal(1, report.Sequence);
        var after = await authority.GetSnapshotAsync();
        Assert.Equal(1, after.Sequence);
        Assert.Equal(Describe(before), Describe(after));
    }

    [Fact]
    public async Task RotateIfDueAsync_PastHalfTheLifetime_PreparesASuccessorPerKindAndPublishesIt()
    {
        var authority = NewAuthority();
        var start = fixture.Clock.GetUtcNow();
        var first = await authority.GetSnapshotAsync();

        await AdvanceToAsync(start + (Lifetime / 2) + OneSecond);
        await authority.RotateIfDueAsync();

        var snapshot = await authority.GetSnapshotAsync();
        Assert.Equal(2, snapshot.Sequence);
        foreach (var kind in Enum.GetValues<KeyKind>())
        {
            var keys = snapshot.Keys.Where(k => k.Kind == kind).ToList();
            Assert.Equal(2, keys.Count);
            Assert.Equal(Kid(first, kind), Assert.Single(keys, k => k.State == KeySlotState.Active).Kid);
            var prepared = Assert.Single(keys, k => k.State == KeySlotState.Prepared);
            Assert.Equal(fixture.Clock.GetUtcNow(), prepared.NotBefore);
        }

        var bundle = await authority.GetBundleAsync();
        AssertBundleShape(bundle, snapshot);
        Assert.Equal(
            snapshot.Keys.Where(k => k.Kind == KeyKind.JwtSvid).Select(k => k.Kid).Order(),
            KidsInBundle(bundle, SpiffeBundle.JwtSvidUse).Order());
    }

    [Fact]
    public async Task RotateIfDueAsync_PastFiveSixthsOfTheLifetime_ActivatesTheSuccessorsAndRetiresTheOldKeys()
    {
        var authority = NewAuthority();
        var start = fixture.Clock.GetUtcNow();
        var first = await authority.GetSnapshotAsync();
        await AdvanceToAsync(start + (Lifetime / 2) + OneSecond);
        var prepared = (await authority.RotateIfDueAsync(), await authority.GetSnapshotAsync()).Item2;

        await AdvanceToAsync(start + (Lifetime * 5 / 6));
        await authority.RotateIfDueAsync();

        var snapshot = await authority.GetSnapshotAsync();
        Assert.Equal(3, snapshot.Sequence);
        foreach (var kind in Enum.GetValues<KeyKind>())
        {
            var successor = prepared.Keys.Single(k => k.Kind == kind && k.State == KeySlotState.Prepared).Kid;
            Assert.Equal(KeySlotState.Retired, State(snapshot, Kid(first, kind)));
            Assert.Equal(KeySlotState.Active, State(snapshot, successor));
            Assert.Equal(2, snapshot.Keys.Count(k => k.Kind == kind));
        }

        // A retired key stays published until it expires: what it signed must still verify.
        var bundle = await authority.GetBundleAsync();
        AssertBundleShape(bundle, snapshot);
        Assert.Contains(Kid(first, KeyKind.JwtSvid), KidsInBundle(bundle, SpiffeBundle.JwtSvidUse));
        Assert.Contains(Kid(first, KeyKind.Wit), KidsInBundle(bundle, SpiffeBundle.WitSvidUse));
    }

    [Fact]
    public async Task RotateIfDueAsync_PastTheOldKeysNotAfter_DropsItFromSlotsAndBundle()
    {
        var authority = NewAuthority();
        var start = fixture.Clock.GetUtcNow();
        var first = await authority.GetSnapshotAsync();
        await AdvanceToAsync(start + (Lifetime / 2) + OneSecond);
        await authority.RotateIfDueAsync();
        await AdvanceToAsync(start + (Lifetime * 5 / 6));
        await authority.RotateIfDueAsync();
        var activated = await authority.GetSnapshotAsync();

        await AdvanceToAsync(start + Lifetime + OneSecond);
        await authority.RotateIfDueAsync();

        var snapshot = await authority.GetSnapshotAsync();
        Assert.Equal(4, snapshot.Sequence);
        foreach (var kind in Enum.GetValues<KeyKind>())
        {
            Assert.DoesNotContain(snapshot.Keys, k => k.Kid == Kid(first, kind));
            Assert.Equal(Kid(activated, kind), Assert.Single(snapshot.Keys, k => k.Kind == kind && k.State == KeySlotState.Active).Kid);
        }

        var bundle = await authority.GetBundleAsync();
        AssertBundleShape(bundle, snapshot);
        Assert.DoesNotContain(Kid(first, KeyKind.JwtSvid), KidsInBundle(bundle, SpiffeBundle.JwtSvidUse));
        Assert.DoesNotContain(Kid(first, KeyKind.Wit), KidsInBundle(bundle, SpiffeBundle.WitSvidUse));
    }

    [Fact]
    public async Task GetBundleAsync_FreshAuthority_OneEntryPerKeyWithSequenceAndRefreshHint()
    {
        var authority = NewAuthority();
        var snapshot = await authority.GetSnapshotAsync();

        var bundle = await authority.GetBundleAsync();

        AssertBundleShape(bundle, snapshot);
        Assert.Equal(AimsClusterFixture.TrustDomainName, bundle.TrustDomain);
        using var document = JsonDocument.Parse(bundle.Json);
        Assert.Equal(3, document.RootElement.GetProperty("keys").GetArrayLength());
        Assert.Equal(300, document.RootElement.GetProperty("spiffe_refresh_hint").GetInt64());
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(bundle.X509AuthoritiesPem);
        Assert.Equal(snapshot.Keys.Single(k => k.Kind == KeyKind.X509Authority).CertificateDer, Assert.Single(roots).RawData);
    }

    [Fact]
    public async Task GetSnapshotAsync_PrivateKeys_OnlyEncryptedUnderTheKeyEncryptionKey()
    {
        var snapshot = await NewAuthority().GetSnapshotAsync();
        var right = new KeyProtector(Convert.FromBase64String(AimsClusterFixture.KeyEncryptionKey));
        var wrong = new KeyProtector(RandomNumberGenerator.GetBytes(32));

        foreach (var key in snapshot.Keys)
        {
            using (var asStored = ECDsa.Create())
                Assert.ThrowsAny<CryptographicException>(() => asStored.ImportPkcs8PrivateKey(key.ProtectedPrivateKey, out _));
            Assert.ThrowsAny<CryptographicException>(() => wrong.Unprotect(key.ProtectedPrivateKey, key.Kid));

            var pkcs8 = right.Unprotect(key.ProtectedPrivateKey, key.Kid);
            Assert.True(key.ProtectedPrivateKey.AsSpan().IndexOf(pkcs8) < 0, "the stored blob contains the PKCS#8 key");
            using var privateKey = ECDsa.Create();
            privateKey.ImportPkcs8PrivateKey(pkcs8, out _);
            if (key.Kind == KeyKind.X509Authority)
            {
                using var certificate = X509CertificateLoader.LoadCertificate(key.CertificateDer!);
                Assert.Equal(certificate.PublicKey.ExportSubjectPublicKeyInfo(), privateKey.ExportSubjectPublicKeyInfo());
            }
            else
            {
                Assert.Equal(key.Kid, JsonWebKey.FromECDsa(privateKey).Thumbprint());
            }
        }
    }

    [Fact]
    public async Task RotateIfDueAsync_Changes_AuditedWithTheNewSequenceAndKids()
    {
        var now = fixture.Clock.GetUtcNow();

        var snapshot = await NewAuthority().GetSnapshotAsync();

        var jwtKid = Kid(snapshot, KeyKind.JwtSvid);
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain));
        var record = Assert.Single(await log.QueryAsync(null, now, 0, 1000), r => r.Detail?.Contains(jwtKid, StringComparison.Ordinal) == true);
        Assert.Equal("authority.rotate", record.Action);
        Assert.Equal("Info", record.Decision);
        Assert.Equal($"trust-domain:{AimsClusterFixture.TrustDomainName}", record.Resource);
        Assert.StartsWith("sequence 1: ", record.Detail, StringComparison.Ordinal);
        Assert.Contains($"activated JwtSvid {jwtKid}", record.Detail, StringComparison.Ordinal);
    }

    private ITrustDomainAuthorityGrain NewAuthority() =>
        fixture.GrainFactory.GetGrain<ITrustDomainAuthorityGrain>($"authority-tests-{Guid.NewGuid():N}");

    private Task AdvanceToAsync(DateTimeOffset instant) => fixture.AdvanceAsync(instant - fixture.Clock.GetUtcNow());

    private static string Kid(AuthoritySnapshot snapshot, KeyKind kind) =>
        snapshot.Keys.Single(k => k.Kind == kind && k.State == KeySlotState.Active).Kid;

    private static KeySlotState State(AuthoritySnapshot snapshot, string kid) => snapshot.Keys.Single(k => k.Kid == kid).State;

    private static string[] Describe(AuthoritySnapshot snapshot) =>
        [.. snapshot.Keys.Select(k => $"{k.Kind} {k.Kid} {k.State} {k.NotBefore:O} {k.NotAfter:O}")];

    private static List<string> KidsInBundle(TrustBundleView bundle, string use)
    {
        using var document = JsonDocument.Parse(bundle.Json);
        return [.. document.RootElement.GetProperty("keys").EnumerateArray()
            .Where(k => k.GetProperty("use").GetString() == use)
            .Select(k => k.GetProperty("kid").GetString()!)];
    }

    /// <summary>
    /// SPIFFE Trust Domain and Bundle §4: spiffe_sequence matches the snapshot; x509-svid entries carry exactly one
    /// x5c and no kid; jwt-svid and wit-svid entries carry a kid; every published slot appears once.
    /// </summary>
    private static void AssertBundleShape(TrustBundleView bundle, AuthoritySnapshot snapshot)
    {
        Assert.Equal(snapshot.Sequence, bundle.Sequence);
        using var document = JsonDocument.Parse(bundle.Json);
        Assert.Equal(snapshot.Sequence, document.RootElement.GetProperty("spiffe_sequence").GetInt64());

        var x509 = new List<string>();
        var byUse = new Dictionary<string, List<string>> { [SpiffeBundle.JwtSvidUse] = [], [SpiffeBundle.WitSvidUse] = [] };
        foreach (var key in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            var use = key.GetProperty("use").GetString()!;
            if (use == SpiffeBundle.X509SvidUse)
            {
                Assert.False(key.TryGetProperty("kid", out _), "an x509-svid entry has a kid");
                x509.Add(Assert.Single(key.GetProperty("x5c").EnumerateArray()).GetString()!);
            }
            else
            {
                byUse[use].Add(key.GetProperty("kid").GetString()!);
            }
        }

        Assert.Equal(
            snapshot.Keys.Where(k => k.Kind == KeyKind.X509Authority).Select(k => Convert.ToBase64String(k.CertificateDer!)).Order(),
            x509.Order());
        Assert.Equal(snapshot.Keys.Where(k => k.Kind == KeyKind.JwtSvid).Select(k => k.Kid).Order(), byUse[SpiffeBundle.JwtSvidUse].Order());
        Assert.Equal(snapshot.Keys.Where(k => k.Kind == KeyKind.Wit).Select(k => k.Kid).Order(), byUse[SpiffeBundle.WitSvidUse].Order());
    }
}
