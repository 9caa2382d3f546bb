using Aims.Core.Credentials;
using Aims.Core.Revocation;
using Aims.Core.StateMachines;
using Aims.Grains.Credentials;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Credentials;

/// <summary>One credential's lifecycle: Issued → Active → Superseded | Expired | Revoked.</summary>
[Collection(AimsClusterCollection.Name)]
public sealed class CredentialGrainTests(AimsClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task RecordIssuedAsync_NewId_IsIssued()
    {
        var (id, credential) = NewCredential();
        var now = fixture.Clock.GetUtcNow();

        await credential.RecordIssuedAsync(CredentialKind.X509Svid, "spiffe://aims.test/tests/credential", now, now + Ttl, "ca-kid");

        var record = await credential.GetAsync();
        Assert.NotNull(record);
        Assert.Equal(id, record.Id);
        Assert.Equal(CredentialKind.X509Svid, record.Kind);
        Assert.Equal("spiffe://aims.test/tests/credential", record.SpiffeId);
        Assert.Equal(CredentialState.Issued, record.State);
        Assert.Equal(now, record.IssuedAt);
        Assert.Equal(now + Ttl, record.ExpiresAt);
        Assert.Equal("ca-kid", record.IssuerKeyId);
        Assert.Null(record.RevokedAt);
        Assert.Null(record.RevocationReason);
    }

    [Fact]
    public async Task RecordIssuedAsync_Twice_ThrowsBecauseIdsAreNeverReused()
    {
        var credential = await IssuedAsync();
        var now = fixture.Clock.GetUtcNow();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            credential.RecordIssuedAsync(CredentialKind.Wit, "spiffe://aims.test/tests/other", now, now + Ttl, "wit-kid"));

        Assert.Contains("was already issued", e.Message, StringComparison.Ordinal);
        Assert.Equal(CredentialKind.X509Svid, (await credential.GetAsync())!.Kind);
    }

    [Fact]
    public async Task ActivateAsync_Issued_IsActive()
    {
        var credential = await IssuedAsync();

        var record = await credential.ActivateAsync();

        Assert.Equal(CredentialState.Active, record.State);
        Assert.Equal(CredentialState.Active, (await credential.GetAsync())!.State);
    }

    [Fact]
    public async Task SupersedeAsync_Active_IsSuperseded()
    {
        var credential = await IssuedAsync();
        await credential.ActivateAsync();

        var record = await credential.SupersedeAsync();

        Assert.Equal(CredentialState.Superseded, record.State);
    }

    [Fact]
    public async Task SupersedeAsync_NotYetActive_ThrowsInvalidTransition()
    {
        var credential = await IssuedAsync();

        var e = await Assert.ThrowsAsync<InvalidTransitionException>(credential.SupersedeAsync);

        Assert.Equal("credential cannot supersede from state Issued.", e.Message);
    }

    [Fact]
    public async Task ActivateAsync_AlreadyActive_ThrowsInvalidTransition()
    {
        var credential = await IssuedAsync();
        await credential.ActivateAsync();

        await Assert.ThrowsAsync<InvalidTransitionException>(credential.ActivateAsync);
    }

    [Fact]
    public async Task RevokeAsync_Active_IsRevokedWithReasonAndTime()
    {
        var credential = await IssuedAsync();
        await credential.ActivateAsync();
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(1));
        var now = fixture.Clock.GetUtcNow();

        var record = await credential.RevokeAsync("key compromise", RevocationReason.KeyCompromise);

        Assert.Equal(CredentialState.Revoked, record.State);
        Assert.Equal(now, record.RevokedAt);
        Assert.Equal("key compromise", record.RevocationReason);
        Assert.Equal(CredentialState.Revoked, (await credential.GetAsync())!.State);
    }

    [Fact]
    public async Task RevokeAsync_X509Svid_IsOnItsCasRevocationListWithCodeTimeAndNotAfter()
    {
        var credential = await IssuedAsync();
        await credential.ActivateAsync();
        var id = credential.GetPrimaryKeyString();

        var record = await credential.RevokeAsync("key compromise", RevocationReason.KeyCompromise);

        Assert.Equal(RevocationReason.KeyCompromise, record.RevocationCode);
        var entry = Assert.Single(await RevocationList().ListAsync(), e => e.SerialNumber == id);
        Assert.Equal((record.RevokedAt!.Value, RevocationReason.KeyCompromise, record.ExpiresAt), (entry.RevokedAt, entry.Reason, entry.NotAfter));
    }

    [Fact]
    public async Task RevokeAsync_Wit_IsOnNoRevocationList()
    {
        var (id, credential) = NewCredential();
        var now = fixture.Clock.GetUtcNow();
        await credential.RecordIssuedAsync(CredentialKind.Wit, "spiffe://aims.test/tests/credential", now, now + Ttl, "ca-kid");

        await credential.RevokeAsync("leaked", RevocationReason.KeyCompromise);

        Assert.DoesNotContain(await RevocationList().ListAsync(), e => e.SerialNumber == id);
    }

    [Fact]
    public async Task RevokeAsync_Twice_ThrowsInvalidTransitionAndKeepsTheFirstRevocation()
    {
        var credential = await IssuedAsync();
        await credential.ActivateAsync();
        var first = await credential.RevokeAsync("key compromise", RevocationReason.KeyCompromise);

        var e = await Assert.ThrowsAsync<InvalidTransitionException>(() => credential.RevokeAsync("again", RevocationReason.Superseded));

        Assert.Equal("credential cannot revoke from state Revoked.", e.Message);
        Assert.Equal(first.RevocationReason, (await credential.GetAsync())!.RevocationReason);
    }

    [Fact]
    public async Task ExpireIfDueAsync_BeforeExpiry_StaysActive()
    {
        var credential = await IssuedAsync();
        await credential.ActivateAsync();
        await fixture.AdvanceAsync(Ttl - TimeSpan.FromSeconds(1));

        var record = await credential.ExpireIfDueAsync();

        Assert.Equal(CredentialState.Active, record!.State);
    }

    [Fact]
    public async Task ExpireIfDueAsync_AtExpiry_IsExpired()
    {
        var credential = await IssuedAsync();
        await credential.ActivateAsync();
        await fixture.AdvanceAsync(Ttl);

        var record = await credential.ExpireIfDueAsync();

        Assert.Equal(CredentialState.Expired, record!.State);
        Assert.Equal(CredentialState.Expired, (await credential.GetAsync())!.State);
    }

    [Fact]
    public async Task ExpireIfDueAsync_SupersededPastExpiry_IsExpired()
    {
        var credential = await IssuedAsync();
        await credential.ActivateAsync();
        await credential.SupersedeAsync();
        await fixture.AdvanceAsync(Ttl + TimeSpan.FromMinutes(1));

        Assert.Equal(CredentialState.Expired, (await credential.ExpireIfDueAsync())!.State);
    }

    [Fact]
    public async Task ExpireIfDueAsync_RevokedPastExpiry_StaysRevoked()
    {
        var credential = await IssuedAsync();
        await credential.RevokeAsync("revoked before use", RevocationReason.Unspecified);
        await fixture.AdvanceAsync(Ttl + TimeSpan.FromMinutes(1));

        Assert.Equal(CredentialState.Revoked, (await credential.ExpireIfDueAsync())!.State);
    }

    [Fact]
    public async Task RevokeAsync_Expired_ThrowsInvalidTransition()
    {
        var credential = await IssuedAsync();
        await fixture.AdvanceAsync(Ttl);
        await credential.ExpireIfDueAsync();

        await Assert.ThrowsAsync<InvalidTransitionException>(() => credential.RevokeAsync("too late", RevocationReason.Unspecified));
    }

    [Fact]
    public async Task ExpireIfDueAsync_NeverIssued_ReturnsNull()
    {
        var (_, credential) = NewCredential();

        Assert.Null(await credential.ExpireIfDueAsync());
        Assert.Null(await credential.GetAsync());
    }

    [Fact]
    public async Task ActivateAsync_NeverIssued_ThrowsInvalidOperation()
    {
        var (id, credential) = NewCredential();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(credential.ActivateAsync);

        Assert.Equal($"Credential {id} was never issued.", e.Message);
    }

    private Grains.Revocation.IRevocationRegistryGrain RevocationList() =>
        fixture.GrainFactory.GetGrain<Grains.Revocation.IRevocationRegistryGrain>(GrainKeys.RevocationRegistry(AimsClusterFixture.TrustDomain, "ca-kid"));

    private (string Id, ICredentialGrain Grain) NewCredential()
    {
        var id = Guid.NewGuid().ToString("N");
        return (id, fixture.GrainFactory.GetGrain<ICredentialGrain>(GrainKeys.Credential(id)));
    }

    private async Task<ICredentialGrain> IssuedAsync()
    {
        var (_, credential) = NewCredential();
        var now = fixture.Clock.GetUtcNow();
        await credential.RecordIssuedAsync(CredentialKind.X509Svid, "spiffe://aims.test/tests/credential", now, now + Ttl, "ca-kid");
        return credential;
    }
}
