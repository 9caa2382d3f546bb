using System.Security.Cryptography.X509Certificates;
using Aims.Core.Agents;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Jose;
using Aims.Core.Policy;
using Aims.Grains.Agents;
using Aims.Grains.Authority;
using Aims.Grains.Credentials;
using Aims.Grains.Tests.Cluster;
using Orleans.Core.Internal;

namespace Aims.Grains.Tests.Agents;

/// <summary>Attestation and issuance: policy decides, the issuer signs, credentials and audit are durable before the answer.</summary>
public sealed partial class AgentGrainTests
{
    [Fact]
    public async Task AttestAndIssueAsync_NotRegistered_FailsAsUnknownAgent()
    {
        var id = AimsClusterFixture.NewAgentId("unregistered");
        using var key = AgentRequests.NewKey();

        var result = await Agent(id).AttestAndIssueAsync(AgentRequests.IssueAll(key));

        Assert.False(result.Issued);
        Assert.Equal(IssuanceFailureKind.UnknownAgent, result.Failure!.Kind);
        Assert.Contains("is not registered", result.Failure.Detail, StringComparison.Ordinal);
        Assert.Null(result.X509Svid);
        Assert.Empty(result.JwtSvids);
        Assert.Null(result.Wit);
    }

    [Fact]
    public async Task AttestAndIssueAsync_Suspended_ForbiddenAndAudited()
    {
        var (id, agent) = await RegisteredAsync("attest-suspended");
        await agent.SuspendAsync(AgentRequests.Admin());
        using var key = AgentRequests.NewKey();

        var result = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));

        Assert.False(result.Issued);
        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.Equal($"agent {id} is suspended; it cannot attest", result.Failure.Detail);
        Assert.Equal(AgentState.Suspended, (await agent.GetAsync())!.State);
        var denied = Assert.Single(await AuditAsync(id), r => r.Action == "agent.attest");
        Assert.Equal("Denied", denied.Decision);
        Assert.Equal(result.Failure.Detail, denied.Detail);
    }

    [Fact]
    public async Task AttestAndIssueAsync_Terminated_Forbidden()
    {
        var (id, agent) = await RegisteredAsync("attest-terminated");
        await agent.TerminateAsync(AgentRequests.Admin());

        var result = await agent.AttestAndIssueAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience]));

        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.Equal($"agent {id} is terminated; it cannot attest", result.Failure.Detail);
    }

    [Fact]
    public async Task AttestAndIssueAsync_ManyJwtSvids_TheRecordKeepsOnlyTheNewestAndCanStillBeCompromised()
    {
        var (_, agent) = await RegisteredAsync("many-jwt");
        for (var i = 0; i < AgentGrain.MaxTrackedJwtSvids + 16; i++)
            Assert.True((await agent.AttestAndIssueAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience]))).Issued);

        var credentials = await agent.GetCredentialsAsync();

        Assert.Equal(AgentGrain.MaxTrackedJwtSvids, credentials.Count(c => c.Kind == CredentialKind.JwtSvid));
        Assert.Equal(AgentState.Compromised, (await agent.CompromiseAsync(AgentRequests.Admin("bounded state"))).State);
    }

    [Fact]
    public async Task AttestAndIssueAsync_JoinTokenWithCsrAudienceAndJwk_IssuesX509SvidJwtSvidAndWit()
    {
        var (id, agent) = await RegisteredAsync("issue-all");
        using var key = AgentRequests.NewKey();
        var now = fixture.Clock.GetUtcNow();

        var result = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));

        Assert.True(result.Issued, result.Failure?.Detail);
        Assert.Null(result.Failure);
        var bundle = await PublishedBundle.FetchAsync(fixture.GrainFactory);

        // X509-SVID: chains to the published bundle, names the agent and certifies the CSR's key.
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(result.X509Svid!.ChainPem);
        var x509 = X509SvidValidator.Validate([.. chain], bundle.X509, now);
        Assert.True(x509.IsValid, x509.ToString());
        Assert.Equal(id, x509.Value!.Id);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), x509.Value.Leaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(x509.Value.Leaf.SerialNumber, result.X509Svid.SerialNumber, ignoreCase: true);
        Assert.Equal(now + PolicyDefaults.X509SvidTtl, result.X509Svid.ExpiresAt);

        // JWT-SVID for the audience asked for, under the built-in default policy's TTL.
        var jwtIssued = Assert.Single(result.JwtSvids);
        Assert.Equal([AgentRequests.Audience], jwtIssued.Audience);
        var jwt = JwtSvidValidator.Validate(jwtIssued.Token, bundle.Jwt, [AgentRequests.Audience], now);
        Assert.True(jwt.IsValid, jwt.ToString());
        Assert.Equal(id, jwt.Value!.Subject);
        Assert.Equal(jwtIssued.Jti, jwt.Value.Jti);
        Assert.Equal(now + PolicyDefaults.JwtSvidTtl, jwtIssued.ExpiresAt);

        // WIT bound to the agent's key (cnf.jwk).
        var wit = WitValidator.Validate(result.Wit!.Token, bundle.Wit, now);
        Assert.True(wit.IsValid, wit.ToString());
        Assert.Equal(id, wit.Value!.Subject);
        var bound = JsonWebKey.FromECDsa(key);
        Assert.Equal((bound.X, bound.Y), (wit.Value.Confirmation.X, wit.Value.Confirmation.Y));
        Assert.Equal(now + PolicyDefaults.WitTtl, result.Wit.ExpiresAt);

        // Each credential names the active authority key that signed it.
        var authority = await fixture.GrainFactory.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(AimsClusterFixture.TrustDomain)).GetSnapshotAsync();
        string ActiveKid(KeyKind kind) => authority.Keys.Single(k => k.Kind == kind && k.State == KeySlotState.Active).Kid;
        Assert.Equal(ActiveKid(KeyKind.X509Authority), result.X509Svid.IssuerKeyId);
        Assert.Equal(ActiveKid(KeyKind.JwtSvid), jwtIssued.IssuerKeyId);
        Assert.Equal(ActiveKid(KeyKind.Wit), result.Wit.IssuerKeyId);
    }

    [Fact]
    public async Task AttestAndIssueAsync_Issued_AgentIsActiveAndHoldsThreeLiveCredentials()
    {
        var (_, agent) = await RegisteredAsync("issue-state");
        using var key = AgentRequests.NewKey();
        var now = fixture.Clock.GetUtcNow();

        var result = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));

        var view = (await agent.GetAsync())!;
        Assert.Equal(AgentState.Active, view.State);
        Assert.Equal([PolicyDefaults.JoinToken], view.Attestation!.EvidenceTypes);
        Assert.Equal(now, view.Attestation.AttestedAt);
        Assert.Equal(0, view.Attestation.PolicyVersion);
        Assert.Equal(3, view.LiveCredentials);

        var credentials = await agent.GetCredentialsAsync();
        Assert.Equal(3, credentials.Count);
        Assert.All(credentials, c => Assert.Equal(CredentialState.Active, c.State));
        Assert.All(credentials, c => Assert.Equal(now, c.IssuedAt));
        Assert.Equal(result.X509Svid!.SerialNumber, Assert.Single(credentials, c => c.Kind == CredentialKind.X509Svid).Id);
        Assert.Equal(result.JwtSvids[0].Jti, Assert.Single(credentials, c => c.Kind == CredentialKind.JwtSvid).Id);
        Assert.Equal([AgentRequests.Audience], Assert.Single(credentials, c => c.Kind == CredentialKind.JwtSvid).Audience);
        Assert.Equal(result.Wit!.Jti, Assert.Single(credentials, c => c.Kind == CredentialKind.Wit).Id);
    }

    [Fact]
    public async Task AttestAndIssueAsync_Issued_X509SvidAndWitHaveActiveCredentialGrainsJwtSvidHasNone()
    {
        var (id, agent) = await RegisteredAsync("issue-grains");
        using var key = AgentRequests.NewKey();

        var result = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));

        var x509 = await Credential(result.X509Svid!.SerialNumber).GetAsync();
        Assert.NotNull(x509);
        Assert.Equal(CredentialState.Active, x509.State);
        Assert.Equal(CredentialKind.X509Svid, x509.Kind);
        Assert.Equal(id.ToString(), x509.SpiffeId);
        Assert.Equal(result.X509Svid.ExpiresAt, x509.ExpiresAt);
        Assert.Equal(result.X509Svid.IssuerKeyId, x509.IssuerKeyId);
        var wit = await Credential(result.Wit!.Jti).GetAsync();
        Assert.NotNull(wit);
        Assert.Equal(CredentialState.Active, wit.State);
        Assert.Equal(CredentialKind.Wit, wit.Kind);

        // Short-lived JWT-SVIDs live only in the agent's list: no per-token grain write on the hot path.
        Assert.Null(await Credential(result.JwtSvids[0].Jti).GetAsync());
    }

    [Fact]
    public async Task AttestAndIssueAsync_Issued_EveryCredentialAuditedForTheAgent()
    {
        var (id, agent) = await RegisteredAsync("issue-audit");
        using var key = AgentRequests.NewKey();

        var result = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));

        var records = await AuditAsync(id);
        Assert.Equal(
            ["agent.register", "agent.attest", AgentRequests.IssueAction, AgentRequests.IssueAction, AgentRequests.IssueAction],
            records.Select(r => r.Action));
        Assert.All(records, r => Assert.Equal("Allowed", r.Decision));
        Assert.All(records, r => Assert.Equal(id.ToString(), r.AgentId));
        Assert.Equal(
            [$"x509-svid:{result.X509Svid!.SerialNumber}", $"jwt-svid:{result.JwtSvids[0].Jti}", $"wit:{result.Wit!.Jti}"],
            records.Skip(2).Select(r => r.Resource));
        Assert.All(records.Skip(1), r => Assert.Equal("Attested; attested by join_token", r.AttestationState));
        Assert.All(records.Skip(1), r => Assert.Equal($"corr-{AgentRequests.IssueAction}", r.CorrelationId));
        Assert.Contains($"aud {AgentRequests.Audience}", records[3].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttestAndIssueAsync_AttestationTypeThePolicyDoesNotAllow_ForbiddenAndNotAttested()
    {
        var (_, agent) = await RegisteredAsync("attest-tpm");

        var result = await agent.AttestAndIssueAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience], evidence: ["tpm"]));

        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.Contains("does not allow attestation type 'tpm'", result.Failure.Detail, StringComparison.Ordinal);
        var view = (await agent.GetAsync())!;
        Assert.Equal(AgentState.Registered, view.State);
        Assert.Null(view.Attestation);
    }

    [Fact]
    public async Task AttestAndIssueAsync_PolicyDisallowsTheAudience_ForbiddenWithThePolicysReason()
    {
        var policy = await TestPolicyAsync();
        var (id, agent) = await RegisteredAsync("audience", policy);

        var result = await agent.AttestAndIssueAsync(AgentRequests.Issue(audiences: ["https://evil.example"]));

        Assert.False(result.Issued);
        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.Equal(
            $"audience 'https://evil.example' is not allowed by rule 0 ({Policies.TestPolicies.Match}); allowed: {AgentRequests.Audience}",
            result.Failure.Detail);
        Assert.Empty(await agent.GetCredentialsAsync());
        Assert.Equal(AgentState.Registered, (await agent.GetAsync())!.State);
        var denied = Assert.Single(await AuditAsync(id), r => r.Decision == "Denied");
        Assert.Equal(result.Failure.Detail, denied.Detail);
    }

    [Fact]
    public async Task AttestAndIssueAsync_BoundPolicyDoesNotExist_Forbidden()
    {
        var missing = $"missing-{Guid.NewGuid():N}";
        var (_, agent) = await RegisteredAsync("no-policy", missing);

        var result = await agent.AttestAndIssueAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience]));

        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.StartsWith($"policy '{missing}' does not exist", result.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttestAndIssueAsync_PolicyTtls_EachCredentialExpiresAtNowPlusItsTtl()
    {
        var policy = await TestPolicyAsync(x509SvidTtlSeconds: 600, jwtSvidTtlSeconds: 120, witTtlSeconds: 900);
        var (_, agent) = await RegisteredAsync("ttl", policy);
        using var key = AgentRequests.NewKey();
        var now = fixture.Clock.GetUtcNow();

        var result = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));

        Assert.True(result.Issued, result.Failure?.Detail);
        Assert.Equal(now.AddSeconds(600), result.X509Svid!.ExpiresAt);
        Assert.Equal(now.AddSeconds(120), result.JwtSvids[0].ExpiresAt);
        Assert.Equal(now.AddSeconds(900), result.Wit!.ExpiresAt);
        var bundle = await PublishedBundle.FetchAsync(fixture.GrainFactory);
        var jwt = JwtSvidValidator.Validate(result.JwtSvids[0].Token, bundle.Jwt, [AgentRequests.Audience], now);
        Assert.Equal(now.AddSeconds(120), jwt.Value!.ExpiresAt);
        Assert.Equal(1, (await agent.GetAsync())!.Attestation!.PolicyVersion);
    }

    [Fact]
    public async Task GetCredentialsAsync_AfterTheJwtSvidTtl_ListsOnlyUnexpiredCredentials()
    {
        var policy = await TestPolicyAsync(x509SvidTtlSeconds: 600, jwtSvidTtlSeconds: 120, witTtlSeconds: 900);
        var (_, agent) = await RegisteredAsync("ttl-expiry", policy);
        using var key = AgentRequests.NewKey();
        var result = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));

        await fixture.AdvanceAsync(TimeSpan.FromSeconds(120));

        var live = await agent.GetCredentialsAsync();
        Assert.Equal([result.X509Svid!.SerialNumber, result.Wit!.Jti], live.Select(c => c.Id));
        Assert.Equal(2, (await agent.GetAsync())!.LiveCredentials);
    }

    [Fact]
    public async Task AttestAndIssueAsync_SecondX509Svid_SupersedesTheFirst()
    {
        var (_, agent) = await RegisteredAsync("supersede");
        using var firstKey = AgentRequests.NewKey();
        using var secondKey = AgentRequests.NewKey();
        var first = await agent.AttestAndIssueAsync(AgentRequests.Issue(AgentRequests.CsrPem(firstKey)));

        var second = await agent.AttestAndIssueAsync(AgentRequests.Issue(AgentRequests.CsrPem(secondKey)));

        Assert.True(second.Issued, second.Failure?.Detail);
        var firstSerial = first.X509Svid!.SerialNumber;
        var secondSerial = second.X509Svid!.SerialNumber;
        Assert.NotEqual(firstSerial, secondSerial);
        Assert.Equal(CredentialState.Superseded, (await Credential(firstSerial).GetAsync())!.State);
        Assert.Equal(CredentialState.Active, (await Credential(secondSerial).GetAsync())!.State);
        var credentials = await agent.GetCredentialsAsync();
        Assert.Equal(CredentialState.Superseded, Assert.Single(credentials, c => c.Id == firstSerial).State);
        Assert.Equal(CredentialState.Active, Assert.Single(credentials, c => c.Id == secondSerial).State);
        Assert.Equal(AgentState.Active, (await agent.GetAsync())!.State);
        Assert.Equal(1, (await agent.GetAsync())!.LiveCredentials);
    }

    [Fact]
    public async Task RenewAsync_ActiveAgent_IssuesOnTheStoredAttestationAndSupersedesTheOldX509Svid()
    {
        var (id, agent) = await RegisteredAsync("renew");
        using var firstKey = AgentRequests.NewKey();
        using var secondKey = AgentRequests.NewKey();
        var first = await agent.AttestAndIssueAsync(AgentRequests.Issue(AgentRequests.CsrPem(firstKey)));

        var renewed = await agent.RenewAsync(AgentRequests.Issue(
            AgentRequests.CsrPem(secondKey), audiences: [AgentRequests.Audience], evidence: [], action: AgentRequests.RenewAction));

        Assert.True(renewed.Issued, renewed.Failure?.Detail);
        Assert.Single(renewed.JwtSvids);
        Assert.Equal(CredentialState.Superseded, (await Credential(first.X509Svid!.SerialNumber).GetAsync())!.State);
        Assert.Equal(CredentialState.Active, (await Credential(renewed.X509Svid!.SerialNumber).GetAsync())!.State);
        Assert.Equal(2, (await AuditAsync(id)).Count(r => r.Action == AgentRequests.RenewAction));
    }

    [Fact]
    public async Task RenewAsync_RegisteredButNeverAttested_Forbidden()
    {
        var (id, agent) = await RegisteredAsync("renew-unattested");

        var result = await agent.RenewAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience], action: AgentRequests.RenewAction));

        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.Equal($"agent {id} is registered; only an attested, active agent can renew", result.Failure.Detail);
    }

    [Fact]
    public async Task RenewAsync_SuspendedAfterIssuance_Forbidden()
    {
        var (_, agent) = await RegisteredAsync("renew-suspended");
        await agent.AttestAndIssueAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience]));
        await agent.SuspendAsync(AgentRequests.Admin());

        var result = await agent.RenewAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience], action: AgentRequests.RenewAction));

        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.Contains("is suspended", result.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewAsync_ResumedWithoutEverAttesting_Forbidden()
    {
        // Resume returns a never-attested agent to Registered, and renewal needs an attestation.
        var (_, agent) = await RegisteredAsync("renew-resumed");
        await agent.SuspendAsync(AgentRequests.Admin());
        await agent.ResumeAsync(AgentRequests.Admin());

        var result = await agent.RenewAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience], action: AgentRequests.RenewAction));

        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
    }

    [Fact]
    public async Task RenewAsync_NotRegistered_FailsAsUnknownAgent()
    {
        var id = AimsClusterFixture.NewAgentId("renew-unknown");

        var result = await Agent(id).RenewAsync(AgentRequests.Issue(audiences: [AgentRequests.Audience], action: AgentRequests.RenewAction));

        Assert.Equal(IssuanceFailureKind.UnknownAgent, result.Failure!.Kind);
    }

    [Fact]
    public async Task AttestAndIssueAsync_MalformedCsr_IssuesNothing()
    {
        var (_, agent) = await RegisteredAsync("bad-csr");

        IssuanceResult? result = null;
        var thrown = await Record.ExceptionAsync(async () => result = await agent.AttestAndIssueAsync(
            AgentRequests.Issue("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----")));

        // Today the issuer's ArgumentException reaches the caller; IssuanceFailureKind.BadRequest is what the contract documents.
        Assert.True(thrown is not null || result is { Issued: false, Failure.Kind: IssuanceFailureKind.BadRequest });
        Assert.Empty(await agent.GetCredentialsAsync());
        Assert.Equal(0, (await agent.GetAsync())!.LiveCredentials);
    }

    [Fact]
    public async Task GetAsync_IssuedAgentReactivated_ReadsItsStateBackFromStorage()
    {
        var (_, agent) = await RegisteredAsync("reactivate");
        using var key = AgentRequests.NewKey();
        var result = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));
        var before = (await agent.GetAsync())!;

        await agent.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var after = (await agent.GetAsync())!;
        Assert.Equal(AgentState.Active, after.State);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(before.Attestation!.EvidenceTypes, after.Attestation!.EvidenceTypes);
        Assert.Equal(
            [result.X509Svid!.SerialNumber, result.JwtSvids[0].Jti, result.Wit!.Jti],
            (await agent.GetCredentialsAsync()).Select(c => c.Id));
    }

    private ICredentialGrain Credential(string id) => fixture.GrainFactory.GetGrain<ICredentialGrain>(GrainKeys.Credential(id));
}
