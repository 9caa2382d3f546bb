using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// The jwt-bearer grant (RFC 7523 §2.1) presented by an agent of a federated trust domain that authenticates as itself
/// (identity chaining §5.3): its JWT-SVID as client_assertion or its X509-SVID over mTLS, each checked against the
/// partner's federated bundle that the silo fetched from <see cref="Aims.Testing.PeerBundleEndpoint"/>. The TLS client
/// certificate is handed to the in-process server as the connection's certificate (no TLS in TestServer); the process
/// tests in Aims.Silo.Tests do the same over a real handshake with curl.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class FederatedClientTests(AimsApiFixture fixture)
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private async Task PrepareAsync()
    {
        await FederatedPartner.EnsureBundleAsync(fixture);
        var document = new JsonObject
        {
            ["description"] = "What partner.example's agents may get here",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = "spiffe://partner.example/agents/*",
                ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("read:reports"), ["resources"] = new JsonArray(OAuthWire.Resource) },
            }),
        };
        using var put = await fixture.Operator.PutAsync($"/v1/policies/{PartnerAuthority.Policy}", Wire.Json(document));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    private async Task<string> GrantAsync(string subject, string issuer = PartnerAuthority.Issuer) =>
        PartnerAuthority.Sign(PartnerAuthority.Claims(subject, await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous), issuer));

    private Task<string> ClientAssertionAsync(string agent, Action<JsonObject>? change = null, string alg = "ES256") =>
        ClientAssertionAsync(FederatedPartner.Partner, agent, change, alg);

    private async Task<string> ClientAssertionAsync(FederatedPartner.SvidAuthority authority, string agent, Action<JsonObject>? change = null, string alg = "ES256") =>
        authority.JwtSvid(agent, await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous), change, alg);

    private static FormUrlEncodedContent Form(string grant, string? clientAssertion = null, string grantType = JwtBearer) =>
        OAuthWire.Form(
            ("grant_type", grantType), ("assertion", grantType == JwtBearer ? grant : null), ("scope", "read:reports"), ("resource", OAuthWire.Resource),
            ("client_assertion_type", clientAssertion is null ? null : OAuthWire.JwtBearerAssertionType), ("client_assertion", clientAssertion));

    private async Task<HttpResponseMessage> PostAsync(HttpContent form, X509Certificate2? clientCertificate = null)
    {
        if (clientCertificate is null)
            return await fixture.Anonymous.PostAsync("/oauth2/token", form);

        // TestServer has no TLS: the certificate is set on the connection as Kestrel would after the handshake.
        using var client = new HttpClient(fixture.Factory.Server.CreateHandler(context => context.Connection.ClientCertificate = clientCertificate))
        {
            BaseAddress = fixture.Factory.Server.BaseAddress,
        };
        return await client.PostAsync("/oauth2/token", form);
    }

    private static JsonElement AccessTokenClaims(JsonElement body) => Wire.JwtPayload(body.GetProperty("access_token").GetString()!);

    [Fact]
    public async Task JwtBearer_PartnerAgentsJwtSvidAsClientAssertion_TokenForItselfAsClient()
    {
        await PrepareAsync();
        var agent = FederatedPartner.Partner.Agent("planner");

        using var response = await PostAsync(Form(await GrantAsync(agent), await ClientAssertionAsync(agent)));

        var claims = AccessTokenClaims(await Wire.AssertJsonAsync(response, HttpStatusCode.OK));
        Assert.Equal(agent, claims.GetProperty("sub").GetString());
        Assert.Equal(agent, claims.GetProperty("client_id").GetString());
        Assert.False(claims.TryGetProperty("cnf", out _));
    }

    [Fact]
    public async Task JwtBearer_PartnerAgentsX509SvidOverMtls_TokenBoundToThatCertificateAndAudited()
    {
        await PrepareAsync();
        var agent = FederatedPartner.Partner.Agent("mtls");
        using var svid = FederatedPartner.Partner.X509Svid(agent);

        using var response = await PostAsync(Form(await GrantAsync(agent)), svid);

        var claims = AccessTokenClaims(await Wire.AssertJsonAsync(response, HttpStatusCode.OK));
        Assert.Equal(agent, claims.GetProperty("client_id").GetString());
        Assert.Equal(FederatedPartner.Thumbprint(svid), claims.GetProperty("cnf").GetProperty("x5t#S256").GetString());

        using var audit = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(agent)}");
        var records = (await Wire.AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("records").EnumerateArray().ToList();
        var issued = Assert.Single(records, r => r.GetProperty("action").GetString() == "token.issue" && r.GetProperty("decision").GetString() == "Allowed");
        var detail = issued.GetProperty("detail").GetString()!;
        Assert.Contains(FederatedClientMethods.MutualTls, detail, StringComparison.Ordinal);
        Assert.Contains($"X509-SVID {agent} serial {svid.SerialNumber.ToLowerInvariant()}", detail, StringComparison.Ordinal);
        Assert.Contains(FederatedPartner.Thumbprint(svid), detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_PartnerAgentPresentsAnotherAgentsGrant_InvalidGrantAndTheGrantStaysUsable()
    {
        await PrepareAsync();
        var owner = FederatedPartner.Partner.Agent("owner");
        var thief = FederatedPartner.Partner.Agent("thief");
        var grant = await GrantAsync(owner);

        using (var stolen = await PostAsync(Form(grant, await ClientAssertionAsync(thief))))
            Assert.Contains($"issued to {owner}", await OAuthWire.AssertErrorAsync(stolen, "invalid_grant"), StringComparison.Ordinal);
        using var thiefsSvid = FederatedPartner.Partner.X509Svid(thief);
        using (var stolenOverMtls = await PostAsync(Form(grant), thiefsSvid))
            Assert.Contains($"the authenticated client is {thief}", await OAuthWire.AssertErrorAsync(stolenOverMtls, "invalid_grant"), StringComparison.Ordinal);

        // The refusals did not use the grant up: its owner still gets its token.
        using var own = await PostAsync(Form(grant, await ClientAssertionAsync(owner)));
        await Wire.AssertJsonAsync(own, HttpStatusCode.OK);
    }

    [Fact]
    public async Task JwtBearer_ClientOfATrustDomainTheSiloDoesNotFederateWith_InvalidClient()
    {
        await PrepareAsync();
        var stranger = FederatedPartner.Stranger.Agent("visitor");
        var grant = await GrantAsync(FederatedPartner.Partner.Agent("planner"));

        using (var byAssertion = await PostAsync(Form(grant, await ClientAssertionAsync(FederatedPartner.Stranger, stranger))))
            Assert.Contains("does not federate with trust domain stranger.example", await OAuthWire.AssertErrorAsync(byAssertion, "invalid_client"), StringComparison.Ordinal);
        using var svid = FederatedPartner.Stranger.X509Svid(stranger);
        using var byCertificate = await PostAsync(Form(grant), svid);
        Assert.Contains("does not federate with trust domain stranger.example", await OAuthWire.AssertErrorAsync(byCertificate, "invalid_client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_SvidsOfAnotherCaClaimingThePartnerDomain_InvalidClient()
    {
        await PrepareAsync();
        var agent = FederatedPartner.Partner.Agent("forged");
        var grant = await GrantAsync(agent);

        using var forged = FederatedPartner.Impostor.X509Svid(agent);
        using (var byCertificate = await PostAsync(Form(grant), forged))
            Assert.Contains("not a valid X509-SVID of federated trust domain partner.example", await OAuthWire.AssertErrorAsync(byCertificate, "invalid_client"), StringComparison.Ordinal);
        using var byAssertion = await PostAsync(Form(grant, await ClientAssertionAsync(FederatedPartner.Impostor, agent)));
        await OAuthWire.AssertErrorAsync(byAssertion, "invalid_client");
    }

    [Fact]
    public async Task JwtBearer_ReplayedPartnerClientAssertion_InvalidClient()
    {
        await PrepareAsync();
        var agent = FederatedPartner.Partner.Agent("replay");
        var clientAssertion = await ClientAssertionAsync(agent);
        using (var first = await PostAsync(Form(await GrantAsync(agent), clientAssertion)))
            await Wire.AssertJsonAsync(first, HttpStatusCode.OK);

        using var second = await PostAsync(Form(await GrantAsync(agent), clientAssertion));

        Assert.Contains("already used", await OAuthWire.AssertErrorAsync(second, "invalid_client"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("alg none")]
    [InlineData("wrong audience")]
    [InlineData("no jti")]
    public async Task JwtBearer_DefectivePartnerClientAssertion_InvalidClient(string defect)
    {
        await PrepareAsync();
        var agent = FederatedPartner.Partner.Agent("defect");
        var clientAssertion = defect switch
        {
            "expired" => await ClientAssertionAsync(agent, c =>
            {
                c["iat"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
                c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds();
            }),
            "alg none" => await ClientAssertionAsync(agent, alg: "none"),
            "wrong audience" => await ClientAssertionAsync(agent, c => c["aud"] = "https://as.elsewhere.example/oauth2/token"),
            "no jti" => await ClientAssertionAsync(agent, c => c.Remove("jti")),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };

        using var response = await PostAsync(Form(await GrantAsync(agent), clientAssertion));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task ClientCredentials_PartnerAgentsSvids_InvalidClient()
    {
        await PrepareAsync();
        var agent = FederatedPartner.Partner.Agent("elsewhere");

        using (var byAssertion = await PostAsync(Form(string.Empty, await ClientAssertionAsync(agent), OAuthWire.ClientCredentials)))
            Assert.Contains("trust domain 'aims.local' only", await OAuthWire.AssertErrorAsync(byAssertion, "invalid_client"), StringComparison.Ordinal);
        using var svid = FederatedPartner.Partner.X509Svid(agent);
        using var byCertificate = await PostAsync(Form(string.Empty, grantType: OAuthWire.ClientCredentials), svid);
        await OAuthWire.AssertErrorAsync(byCertificate, "invalid_client");
    }

    [Fact]
    public async Task JwtBearer_IssuerRequiringClientAuthentication_BareGrantRefusedNamingBothMethodsThenAcceptedWithClient()
    {
        await PrepareAsync();
        var agent = FederatedPartner.Partner.Agent("strict");
        var grant = await GrantAsync(agent, FederatedPartner.StrictIssuer);

        using (var bare = await PostAsync(Form(grant)))
        {
            var description = await OAuthWire.AssertErrorAsync(bare, "invalid_client");
            Assert.Contains("X509-SVID", description, StringComparison.Ordinal);
            Assert.Contains("JWT-SVID as client_assertion", description, StringComparison.Ordinal);
        }

        // The refusal came before the grant was checked, so the same grant is still good with client authentication.
        using var svid = FederatedPartner.Partner.X509Svid(agent);
        using var authenticated = await PostAsync(Form(grant), svid);
        var claims = AccessTokenClaims(await Wire.AssertJsonAsync(authenticated, HttpStatusCode.OK));
        Assert.Equal(FederatedPartner.Thumbprint(svid), claims.GetProperty("cnf").GetProperty("x5t#S256").GetString());
    }

    [Fact]
    public async Task JwtBearer_IssuerWithoutTheRequirement_BareGrantStillAccepted()
    {
        await PrepareAsync();

        using var bare = await PostAsync(Form(await GrantAsync(FederatedPartner.Partner.Agent("compatible"))));

        Assert.False(AccessTokenClaims(await Wire.AssertJsonAsync(bare, HttpStatusCode.OK)).TryGetProperty("cnf", out _));
    }

    /// <summary>The method names the audit log records (FederatedClientAuthentication's constants).</summary>
    private static class FederatedClientMethods
    {
        public const string MutualTls = "tls_client_auth (X509-SVID of a federated trust domain)";
    }
}
