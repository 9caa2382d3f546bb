using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Endpoints;

[Collection(AimsApiCollection.Name)]
public sealed class AttestationEndpointsTests(AimsApiFixture fixture)
{
    private const string Audience = "spiffe://aims.local/svc/db";

    [Fact]
    public async Task Attest_JoinTokenWithCsrJwkAndAudience_Returns200WithEveryCredential()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest");
        using var key = new AgentKey();

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, id, key.CsrPem(), key.PublicJwk(), Audience));

        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(id, result.GetProperty("spiffe_id").GetString());

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(result.GetProperty("x509_svid").GetString()!);
        Assert.NotEmpty(chain);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", result.GetProperty("x509_svid").GetString(), StringComparison.Ordinal);
        AgentEndpointsTests.AssertRfc3339Utc(result.GetProperty("x509_svid_expires_at").GetString()!);

        var jwt = Assert.Single(result.GetProperty("jwt_svids").EnumerateArray());
        Assert.Equal(Audience, Assert.Single(jwt.GetProperty("aud").EnumerateArray()).GetString());
        Assert.Equal(id, Wire.JwtPayload(jwt.GetProperty("token").GetString()!).GetProperty("sub").GetString());
        AgentEndpointsTests.AssertRfc3339Utc(jwt.GetProperty("expires_at").GetString()!);

        var wit = result.GetProperty("wit").GetString()!;
        Assert.Equal("wit+jwt", Wire.JwtHeader(wit).GetProperty("typ").GetString());
        Assert.Equal(key.PublicJwk()["x"]!.GetValue<string>(), Wire.JwtPayload(wit).GetProperty("cnf").GetProperty("jwk").GetProperty("x").GetString());
        AgentEndpointsTests.AssertRfc3339Utc(result.GetProperty("wit_expires_at").GetString()!);

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", result.GetProperty("trust_bundle").GetString(), StringComparison.Ordinal);
        var bundle = result.GetProperty("spiffe_bundle");
        Assert.NotEmpty(bundle.GetProperty("keys").EnumerateArray());
        Assert.True(bundle.GetProperty("spiffe_sequence").GetInt64() >= 1);
        Assert.True(bundle.GetProperty("spiffe_refresh_hint").GetInt64() > 0);
    }

    [Fact]
    public async Task Attest_X509SvidLeaf_CarriesCsrKeyAndAgentUri()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-leaf");
        using var key = new AgentKey();
        var csr = key.CsrPem();

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, csr: csr));

        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(result.GetProperty("x509_svid").GetString()!);
        var leaf = chain[0];
        Assert.Equal(
            CertificateRequest.LoadSigningRequestPem(csr, System.Security.Cryptography.HashAlgorithmName.SHA256).PublicKey.EncodedKeyValue.RawData,
            leaf.PublicKey.EncodedKeyValue.RawData);
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(id, san.Format(false), StringComparison.Ordinal);
        Assert.False(result.TryGetProperty("jwt_svids", out _));
        Assert.False(result.TryGetProperty("wit", out _));
    }

    [Fact]
    public async Task Attest_SameJoinTokenTwice_Returns403AlreadyUsed()
    {
        var (_, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-reuse");
        using (var first = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience)))
            await Wire.AssertJsonAsync(first, HttpStatusCode.OK);

        using var second = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience));

        var detail = await Wire.AssertProblemAsync(second, HttpStatusCode.Forbidden);
        Assert.Contains("already used", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_UnknownJoinToken_Returns403()
    {
        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(AgentKey.Base64Url(new byte[32]), audience: Audience));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("unknown", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_TokenOfAgentAClaimingAgentB_Returns403()
    {
        var (_, tokenOfA) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-a");
        var idOfB = Wire.NewAgentId("attest-b");
        await Wire.RegisterAsync(fixture.Operator, idOfB);

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(tokenOfA, idOfB, audience: Audience));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("another agent", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_CsrWithBrokenSignature_Returns400()
    {
        var (_, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-bad-csr");
        using var key = new AgentKey();
        var der = key.CsrDer();
        der[^1] ^= 0x01; // last byte of the ECDSA signature's s: still well-formed DER, no longer a valid signature
        var pem = new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE REQUEST", der));

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, csr: pem));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("signature", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----")]
    [InlineData("not a csr")]
    public async Task Attest_MalformedCsr_Returns400(string csr)
    {
        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody("unused-token", csr: csr));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("csr", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_JwkWithPrivateKey_Returns400()
    {
        using var key = new AgentKey();

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody("unused-token", jwk: key.PrivateJwk()));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("private member 'd'", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    public async Task Attest_JwkWithSymmetricOrNoneAlg_Returns400(string alg)
    {
        using var key = new AgentKey();
        var jwk = key.PublicJwk();
        jwk["alg"] = alg;

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody("unused-token", jwk: jwk));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(alg, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_JwkNotAnEcKey_Returns400()
    {
        var jwk = new JsonObject { ["kty"] = "oct", ["k"] = AgentKey.Base64Url(new byte[32]) };

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody("unused-token", jwk: jwk));

        await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS256")]
    [InlineData("EdDSA")]
    public async Task Attest_JwkAlgNotUsableWithItsP256Key_Returns400AndKeepsTheJoinToken(string alg)
    {
        var (_, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-jwk-alg");
        using var key = new AgentKey();
        var jwk = key.PublicJwk();
        jwk["alg"] = alg;

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, jwk: jwk));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(alg, detail, StringComparison.Ordinal);
        using var retry = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, jwk: key.PublicJwk()));
        await Wire.AssertJsonAsync(retry, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("p")]
    [InlineData("k")]
    [InlineData("dp")]
    public async Task Attest_JwkWithOtherPrivateMember_Returns400(string member)
    {
        var (_, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-jwk-private");
        using var key = new AgentKey();
        var jwk = key.PublicJwk();
        jwk[member] = AgentKey.Base64Url(new byte[32]);

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, jwk: jwk));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(member, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("\"\"")]
    public async Task Attest_JoinTokenEvidenceTokenNotANonEmptyString_Returns400(string tokenJson)
    {
        var body = JsonNode.Parse($$"""{"evidence":[{"type":"join_token","token":{{tokenJson}}}],"audience":["{{Audience}}"]}""")!.AsObject();

        using var response = await Wire.AttestAsync(fixture.Anonymous, body);

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("token", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"join_token\"]")]
    [InlineData("[{\"token\":\"x\"}]")]
    [InlineData("[{\"type\":5}]")]
    public async Task Attest_EvidenceItemWithoutStringType_Returns400(string evidenceJson)
    {
        var body = JsonNode.Parse($$"""{"evidence":{{evidenceJson}},"audience":["{{Audience}}"]}""")!.AsObject();

        using var response = await Wire.AttestAsync(fixture.Anonymous, body);

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("type", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_NothingAskedFor_Returns400()
    {
        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody("unused-token"));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at least one credential", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_NoEvidence_Returns400()
    {
        using var response = await Wire.AttestAsync(fixture.Anonymous, new JsonObject { ["audience"] = new JsonArray(Audience) });

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("evidence", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_UnsupportedEvidenceType_Returns400NotSupported()
    {
        var body = new JsonObject
        {
            ["evidence"] = new JsonArray(new JsonObject { ["type"] = "sev_snp", ["report"] = "AAAA" }),
            ["audience"] = new JsonArray(Audience),
        };

        using var response = await Wire.AttestAsync(fixture.Anonymous, body);

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'sev_snp' is not supported", detail, StringComparison.Ordinal);
        Assert.Contains("k8s_psat", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_SuspendedAgent_Returns403()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-suspended");
        using (var suspend = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/suspend", null))
            await Wire.AssertJsonAsync(suspend, HttpStatusCode.OK);

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("suspended", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_TerminatedAgent_Returns403()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-terminated");
        using (var terminate = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/terminate", null))
            await Wire.AssertJsonAsync(terminate, HttpStatusCode.OK);

        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("terminated", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_Success_MovesAgentToActiveWithAttestationSummary()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "attest-state");
        using (var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, audience: Audience)))
            await Wire.AssertJsonAsync(attest, HttpStatusCode.OK);

        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(id)}");

        var agent = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("active", agent.GetProperty("state").GetString());
        Assert.Equal("join_token", Assert.Single(agent.GetProperty("attestation").GetProperty("evidence_types").EnumerateArray()).GetString());
        Assert.Equal(1, agent.GetProperty("live_credentials").GetInt32());
    }
}
