using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Revocation;
using Aims.Grains.Agents;
using Aims.Grains.Credentials;
using Aims.Grains.Revocation;
using Aims.Grains.Tests.Agents;
using Aims.Grains.Tests.Cluster;
using Aims.Grains.Tokens;
using Orleans.Core.Internal;
using Org.BouncyCastle.Ocsp;

namespace Aims.Grains.Tests.Revocation;

/// <summary>
/// Revocation of X.509-SVIDs through the grains: the CA's durable list, the CRL it signs (numbered, reissued), the OCSP
/// responder that reads credential records, and the agent's explicit revocation of one credential.
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class RevocationTests(AimsClusterFixture fixture)
{
    [Fact]
    public async Task RevokeCredentialAsync_X509Svid_OnTheCrlAndRevokedOverOcspWhenItReturns()
    {
        var (agent, issued) = await IssuedAsync("revoke-x509");
        var svid = issued.X509Svid!;
        var ca = await OcspClient.CaAsync(fixture.GrainFactory, AimsClusterFixture.TrustDomain, svid.IssuerKeyId);

        var outcome = await agent.RevokeCredentialAsync(Revocation(svid.SerialNumber.ToUpperInvariant(), RevocationReason.KeyCompromise));

        Assert.Null(outcome.Failure);
        Assert.Equal(CredentialState.Revoked, outcome.Credential!.State);
        Assert.Equal(svid.SerialNumber, outcome.Credential.Id);
        Assert.Equal(fixture.Clock.GetUtcNow(), outcome.RevokedAt);
        var listed = Assert.Single(await Registry(svid.IssuerKeyId).ListAsync(), e => e.SerialNumber == svid.SerialNumber);
        Assert.Equal(RevocationReason.KeyCompromise, listed.Reason);
        Assert.Equal(svid.ExpiresAt, listed.NotAfter);

        var crl = OcspClient.Crl((await Responder().GetCrlAsync(null, null, 0))!.Der!, ca);
        Assert.Equal(1, OcspClient.ReasonCode(OcspClient.Entry(crl, svid.SerialNumber)!));
        var revoked = Assert.IsType<RevokedStatus>(Assert.Single(OcspClient.Responses(await Responder().RespondAsync(OcspClient.Request(ca, svid.SerialNumber)), ca)).GetCertStatus());
        Assert.Equal(1, revoked.RevocationReason);
        Assert.Equal(CredentialState.Revoked, (await agent.GetCredentialsAsync()).Single(c => c.Id == svid.SerialNumber).State);
        var audit = await fixture.GrainFactory.GetGrain<Grains.Audit.IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain))
            .QueryAsync((await agent.GetAsync())!.SpiffeId, null, 0, 1000);
        var record = Assert.Single(audit, r => r.Action == "credential.revoke");
        Assert.Equal($"x509-svid:{svid.SerialNumber}", record.Resource);
        Assert.Equal("operator says so", record.Cause);
        Assert.Contains("key_compromise", record.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeCredentialAsync_X509Svid_ItsKeyNoLongerSignsClientAssertionsButTheWitKeyStill()
    {
        using var witKey = AgentRequests.NewKey();
        var (agent, issued) = await IssuedAsync("revoke-client-key", witKey);
        Assert.Equal(2, (await agent.GetClientKeysAsync()).Count);

        await agent.RevokeCredentialAsync(Revocation(issued.X509Svid!.SerialNumber, RevocationReason.Superseded));

        var left = Assert.Single(await agent.GetClientKeysAsync());
        Assert.Equal(issued.Wit!.Jti, left.CredentialId);
    }

    [Fact]
    public async Task RevokeCredentialAsync_Twice_SecondIsRefusedAsNotLive()
    {
        var (agent, issued) = await IssuedAsync("revoke-twice");
        await agent.RevokeCredentialAsync(Revocation(issued.X509Svid!.SerialNumber, RevocationReason.KeyCompromise));

        var second = await agent.RevokeCredentialAsync(Revocation(issued.X509Svid.SerialNumber, RevocationReason.Superseded));

        Assert.Equal(CredentialRevocationFailure.NotLive, second.Failure);
        Assert.Contains("already revoked", second.Detail, StringComparison.Ordinal);
        Assert.Equal(RevocationReason.KeyCompromise, (await Registry(issued.X509Svid.IssuerKeyId).ListAsync()).Single(e => e.SerialNumber == issued.X509Svid.SerialNumber).Reason);
    }

    [Fact]
    public async Task RevokeCredentialAsync_AnotherAgentsCredential_NotFound()
    {
        var (_, other) = await IssuedAsync("revoke-other-owner");
        var (agent, _) = await IssuedAsync("revoke-not-mine");

        var outcome = await agent.RevokeCredentialAsync(Revocation(other.X509Svid!.SerialNumber, RevocationReason.Unspecified));

        Assert.Equal(CredentialRevocationFailure.NotFound, outcome.Failure);
        Assert.Equal(CredentialState.Active, (await Credential(other.X509Svid.SerialNumber).GetAsync())!.State);
    }

    [Fact]
    public async Task RevokeCredentialAsync_ExpiredAndPruned_IsNotLiveNotUnknown()
    {
        var (agent, issued) = await IssuedAsync("revoke-expired");
        await fixture.AdvanceAsync(issued.X509Svid!.ExpiresAt - fixture.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        Assert.True((await agent.AttestAndIssueAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience]))).Issued);
        Assert.DoesNotContain(await agent.GetCredentialsAsync(), c => c.Id == issued.X509Svid.SerialNumber);

        var outcome = await agent.RevokeCredentialAsync(Revocation(issued.X509Svid.SerialNumber, RevocationReason.Unspecified));

        Assert.Equal(CredentialRevocationFailure.NotLive, outcome.Failure);
        Assert.Contains("expired at", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeCredentialAsync_JwtSvid_ItsJtiCanNoLongerAuthenticateAClient()
    {
        var (agent, issued) = await IssuedAsync("revoke-jwt");
        var jwt = Assert.Single(issued.JwtSvids);

        var outcome = await agent.RevokeCredentialAsync(Revocation(jwt.Jti, RevocationReason.Unspecified));

        Assert.Equal(CredentialKind.JwtSvid, outcome.Credential!.Kind);
        var id = (await agent.GetAsync())!.SpiffeId;
        Assert.False(await agent.UseClientAssertionAsync(new ClientAssertionUse(jwt.Jti, jwt.ExpiresAt)));

        // The spent set is in memory; the revocation is durable, so a new activation spends the jti again.
        await agent.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.False(await agent.UseClientAssertionAsync(new ClientAssertionUse(jwt.Jti, jwt.ExpiresAt)));
    }

    [Fact]
    public async Task CompromiseAsync_X509Svid_KeyCompromiseOnCrlAndOcsp()
    {
        var (agent, issued) = await IssuedAsync("compromise-crl");
        var svid = issued.X509Svid!;
        var ca = await OcspClient.CaAsync(fixture.GrainFactory, AimsClusterFixture.TrustDomain, svid.IssuerKeyId);

        await agent.CompromiseAsync(AgentRequests.Admin("stolen key"));

        var crl = OcspClient.Crl((await Responder().GetCrlAsync(svid.IssuerKeyId, null, 0))!.Der!, ca);
        Assert.Equal(1, OcspClient.ReasonCode(OcspClient.Entry(crl, svid.SerialNumber)!));
        var status = Assert.IsType<RevokedStatus>(Assert.Single(OcspClient.Responses(await Responder().RespondAsync(OcspClient.Request(ca, svid.SerialNumber)), ca)).GetCertStatus());
        Assert.Equal(1, status.RevocationReason);
    }

    [Fact]
    public async Task TerminateAsync_X509Svid_CessationOfOperationOnTheCrl()
    {
        var (agent, issued) = await IssuedAsync("terminate-crl");

        await agent.TerminateAsync(AgentRequests.Admin("decommissioned"));

        Assert.Equal(RevocationReason.CessationOfOperation, (await Registry(issued.X509Svid!.IssuerKeyId).ListAsync()).Single(e => e.SerialNumber == issued.X509Svid.SerialNumber).Reason);
    }

    [Fact]
    public async Task RespondAsync_GoodUnknownAndRevoked_EachCertIdAnswered()
    {
        var (agent, good) = await IssuedAsync("ocsp-good");
        var (revokedAgent, revoked) = await IssuedAsync("ocsp-revoked");
        await revokedAgent.RevokeCredentialAsync(Revocation(revoked.X509Svid!.SerialNumber, RevocationReason.Unspecified));
        var ca = await OcspClient.CaAsync(fixture.GrainFactory, AimsClusterFixture.TrustDomain, good.X509Svid!.IssuerKeyId);
        var neverIssued = Convert.ToHexStringLower(Core.Authority.CertificateSerialNumber.Create());

        var responses = OcspClient.Responses(
            await Responder().RespondAsync(OcspClient.Request(ca, good.X509Svid.SerialNumber, neverIssued, revoked.X509Svid.SerialNumber)), ca);

        Assert.Null(responses[0].GetCertStatus());
        Assert.IsType<UnknownStatus>(responses[1].GetCertStatus());
        Assert.False(Assert.IsType<RevokedStatus>(responses[2].GetCertStatus()).HasRevocationReason);
        Assert.NotNull(agent);
    }

    [Fact]
    public async Task RespondAsync_JtiOfAWitAsSerial_Unknown()
    {
        var (_, issued) = await IssuedAsync("ocsp-wit");
        var ca = await OcspClient.CaAsync(fixture.GrainFactory, AimsClusterFixture.TrustDomain, issued.X509Svid!.IssuerKeyId);
        var hexKeyedWit = Guid.NewGuid().ToString("N");
        var now = fixture.Clock.GetUtcNow();
        await Credential(hexKeyedWit).RecordIssuedAsync(CredentialKind.Wit, issued.X509Svid.SerialNumber, now, now.AddMinutes(5), issued.X509Svid.IssuerKeyId);

        var response = await Responder().RespondAsync(OcspClient.Request(ca, hexKeyedWit));

        Assert.IsType<UnknownStatus>(Assert.Single(OcspClient.Responses(response, ca)).GetCertStatus());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    public async Task RespondAsync_NotAnOcspRequest_MalformedRequest(byte[] body) =>
        Assert.Equal(OcspRespStatus.MalformedRequest, new OcspResp(await Responder().RespondAsync(body)).Status);

    [Fact]
    public async Task RespondAsync_OnlyAForeignCa_Unauthorized()
    {
        using var foreignKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var foreign = Core.Authority.CertificateAuthorityFactory.CreateSelfSignedRoot(
            TrustDomain.Parse("elsewhere.test"), foreignKey, fixture.Clock.GetUtcNow().AddDays(-1), fixture.Clock.GetUtcNow().AddDays(1), [0x01]);

        var response = await Responder().RespondAsync(OcspClient.Request(foreign, "01"));

        Assert.Equal(OcspRespStatus.Unauthorized, new OcspResp(response).Status);
    }

    [Fact]
    public async Task GetCrlAsync_NothingChanged_SameNumberAndNoDer()
    {
        var first = (await Responder().GetCrlAsync(null, null, 0))!;

        var again = (await Responder().GetCrlAsync(null, first.CaKid, first.Number))!;

        Assert.Equal(first.Number, again.Number);
        Assert.Null(again.Der);
        Assert.NotNull(first.Der);
        Assert.Equal(first.ThisUpdate + TimeSpan.FromHours(1), first.NextUpdate);
    }

    [Fact]
    public async Task GetCrlAsync_HeldNumberOfAnotherCa_GetsTheDer()
    {
        var first = (await Responder().GetCrlAsync(null, null, 0))!;

        Assert.NotNull((await Responder().GetCrlAsync(null, "another-ca", first.Number))!.Der);
    }

    [Fact]
    public async Task GetCrlAsync_AfterARevocation_NextNumberCarriesIt()
    {
        var before = (await Responder().GetCrlAsync(null, null, 0))!;
        var (agent, issued) = await IssuedAsync("crl-number");
        await agent.RevokeCredentialAsync(Revocation(issued.X509Svid!.SerialNumber, RevocationReason.Unspecified));

        var after = (await Responder().GetCrlAsync(null, before.CaKid, before.Number))!;

        Assert.True(after.Number > before.Number, $"{after.Number} should follow {before.Number}");
        var ca = await OcspClient.CaAsync(fixture.GrainFactory, AimsClusterFixture.TrustDomain, after.CaKid);
        var entry = OcspClient.Entry(OcspClient.Crl(after.Der!, ca), issued.X509Svid.SerialNumber);
        Assert.NotNull(entry);
        Assert.Null(OcspClient.ReasonCode(entry));
    }

    [Fact]
    public async Task GetCrlAsync_HalfItsValidityPassed_ReissuedWithTheNextNumber()
    {
        var first = (await Responder().GetCrlAsync(null, null, 0))!;
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(30));

        var next = (await Responder().GetCrlAsync(null, first.CaKid, first.Number))!;

        Assert.Equal(first.Number + 1, next.Number);
        Assert.True(next.ThisUpdate >= first.ThisUpdate + TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task GetCrlAsync_EntryPastNotAfter_StaysOnOneCrlIssuedAfterExpiryThenLeaves()
    {
        var kid = (await Responder().GetCrlAsync(null, null, 0))!.CaKid;
        var registry = Registry(kid);
        var serial = Convert.ToHexStringLower(Core.Authority.CertificateSerialNumber.Create());
        var now = fixture.Clock.GetUtcNow();
        await registry.RecordAsync(new RevokedSerial(serial, now, RevocationReason.KeyCompromise, now.AddMinutes(1)));
        Assert.Contains(await registry.ListAsync(), e => e.SerialNumber == serial);
        await registry.GetCrlAsync(0);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(31));
        var afterExpiry = (await registry.GetCrlAsync(0))!;
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(31));
        var later = (await registry.GetCrlAsync(0))!;

        var ca = await OcspClient.CaAsync(fixture.GrainFactory, AimsClusterFixture.TrustDomain, kid);
        Assert.NotNull(OcspClient.Entry(OcspClient.Crl(afterExpiry.Der!, ca), serial));
        Assert.Null(OcspClient.Entry(OcspClient.Crl(later.Der!, ca), serial));
        Assert.DoesNotContain(await registry.ListAsync(), e => e.SerialNumber == serial);
    }

    [Fact]
    public async Task RecordAsync_SameSerialTwice_KeepsTheFirstTimeAndReason()
    {
        var registry = Registry("recorded-twice");
        var now = fixture.Clock.GetUtcNow();
        await registry.RecordAsync(new RevokedSerial("0abc", now, RevocationReason.KeyCompromise, now.AddHours(1)));

        await registry.RecordAsync(new RevokedSerial("0abc", now.AddMinutes(1), RevocationReason.Superseded, now.AddHours(1)));

        var entry = Assert.Single(await registry.ListAsync());
        Assert.Equal((now, RevocationReason.KeyCompromise), (entry.RevokedAt, entry.Reason));
    }

    [Fact]
    public async Task GetCrlAsync_CaKidNotInTheAuthority_Null()
    {
        Assert.Null(await Responder().GetCrlAsync("00", null, 0));
        Assert.Null(await Registry("not-a-ca").GetCrlAsync(0));
    }

    private static CredentialRevocation Revocation(string id, RevocationReason code) => new(id, "operator says so", code, "operator", "corr-revoke");

    private async Task<(IAgentGrain Agent, IssuanceResult Issued)> IssuedAsync(string name, System.Security.Cryptography.ECDsa? witKey = null)
    {
        var id = AimsClusterFixture.NewAgentId(name);
        var agent = fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id));
        Assert.NotNull(await agent.RegisterAsync(AgentRequests.Register()));
        using var key = AgentRequests.NewKey();
        var request = AgentRequests.Issue(AgentRequests.CsrPem(key), AgentRequests.JwkOf(witKey ?? key), [AgentRequests.Audience]);
        var result = await agent.AttestAndIssueAsync(request);
        Assert.True(result.Issued, result.Failure?.Detail);
        return (agent, result);
    }

    private IRevocationResponderGrain Responder() =>
        fixture.GrainFactory.GetGrain<IRevocationResponderGrain>(GrainKeys.RevocationResponder(AimsClusterFixture.TrustDomain));

    private IRevocationRegistryGrain Registry(string kid) =>
        fixture.GrainFactory.GetGrain<IRevocationRegistryGrain>(GrainKeys.RevocationRegistry(AimsClusterFixture.TrustDomain, kid));

    private ICredentialGrain Credential(string id) => fixture.GrainFactory.GetGrain<ICredentialGrain>(GrainKeys.Credential(id));
}
