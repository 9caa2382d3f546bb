using System.Net;
using System.Text.Json;
using Aims.Testing;

namespace Aims.Silo.Tests;

/// <summary>
/// Renewal on the real Kestrel HTTPS port: the agent authenticates with its current X509-SVID as a TLS client
/// certificate (API.md "Credentials for agents").
/// </summary>
public sealed class MtlsRenewalTests(LocalSiloFixture fixture) : IClassFixture<LocalSiloFixture>
{
    private const string Audience = "https://rp.example.test";

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task RenewX509_CsrWithBrokenSignature_Returns400NamingTheProblem()
    {
        using var key = new AgentKey();
        var (_, chainPem) = await AttestNewAgentAsync("renew-bad-csr", key);
        using var current = key.ClientCertificate(chainPem);
        using var mtls = Silo.CreateHttpsClient(current);
        using var nextKey = new AgentKey();
        var der = Convert.FromBase64String(string.Concat(nextKey.CsrPem().Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        der[^5] ^= 0x01;
        var broken = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE REQUEST", der);

        var refused = await SiloApi.SendAsync(Silo, mtls, HttpMethod.Post, "/v1/svid/x509", new { csr = broken }, HttpStatusCode.BadRequest);

        Assert.Contains("CSR", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewX509_WithCurrentSvid_IssuesNewLeafThatAlsoAuthenticates()
    {
        using var key = new AgentKey();
        var (agentId, chainPem) = await AttestNewAgentAsync("renew", key);
        using var current = key.ClientCertificate(chainPem);
        using var mtls = Silo.CreateHttpsClient(current);

        using var nextKey = new AgentKey();
        var renewed = await SiloApi.SendAsync(Silo, mtls, HttpMethod.Post, "/v1/svid/x509", new { csr = nextKey.CsrPem() }, HttpStatusCode.OK);
        Assert.Equal(agentId, renewed.GetProperty("spiffe_id").GetString());
        var renewedPem = renewed.GetProperty("x509_svid").GetString()!;
        using var renewedLeaf = AgentKey.Leaf(renewedPem);
        using var oldLeaf = AgentKey.Leaf(chainPem);
        Assert.NotEqual(oldLeaf.SerialNumber, renewedLeaf.SerialNumber);
        Assert.Equal(nextKey.SubjectPublicKeyInfo(), renewedLeaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Contains(agentId, renewedLeaf.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.UrlName, false), StringComparison.Ordinal);

        // The renewed leaf authenticates too: JWT-SVID and WIT through it.
        using var renewedCertificate = nextKey.ClientCertificate(renewedPem);
        using var renewedClient = Silo.CreateHttpsClient(renewedCertificate);
        var jwt = await SiloApi.SendAsync(Silo, renewedClient, HttpMethod.Post, "/v1/svid/jwt", new { audience = new[] { Audience } }, HttpStatusCode.OK);
        var jwtSvid = jwt.GetProperty("jwt_svids")[0];
        Assert.StartsWith("eyJ", jwtSvid.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Equal([Audience], jwtSvid.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));

        using var witKey = new AgentKey();
        var wit = await SiloApi.SendAsync(Silo, renewedClient, HttpMethod.Post, "/v1/wit", new { jwk = witKey.PublicJwk() }, HttpStatusCode.OK);
        var witToken = wit.GetProperty("wit").GetString()!;
        Assert.StartsWith("eyJ", witToken, StringComparison.Ordinal);
        Assert.True(wit.TryGetProperty("wit_expires_at", out _), wit.GetRawText());
        if (NodeInterop.IsInstalled)
        {
            var check = await NodeInterop.VerifyWitAsync(Silo.HttpUrl + "/spiffe/bundle", witToken);
            Assert.True(check.ExitCode == 0, $"jose rejected the WIT: {check.Output}");
        }
    }

    [Fact]
    public async Task RenewX509_WithoutClientCertificate_Returns401Problem()
    {
        using var key = new AgentKey();
        using var client = Silo.CreateHttpsClient(clientCertificate: null);

        var (status, body, text, mediaType) = await SiloApi.TrySendAsync(client, HttpMethod.Post, "/v1/svid/x509", new { csr = key.CsrPem() });

        Assert.True(status == HttpStatusCode.Unauthorized, $"expected 401, got {(int)status}: {text}\n{Silo.Describe()}");
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()), text);
    }

    [Fact]
    public async Task RenewX509_WithCertificateFromForeignCa_Returns401NotAValidSvid()
    {
        using var key = new AgentKey();
        var (agentId, _) = await AttestNewAgentAsync("foreign", key);
        using var foreign = key.ForeignCertificate(agentId);
        using var client = Silo.CreateHttpsClient(foreign);

        var (status, body, text, mediaType) = await SiloApi.TrySendAsync(client, HttpMethod.Post, "/v1/svid/x509", new { csr = key.CsrPem() });

        Assert.True(status == HttpStatusCode.Unauthorized, $"expected 401, got {(int)status}: {text}\n{Silo.Describe()}");
        Assert.Equal("application/problem+json", mediaType);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("not a valid X509-SVID", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewX509_AfterAgentSuspended_Returns403()
    {
        using var key = new AgentKey();
        var (agentId, chainPem) = await AttestNewAgentAsync("suspended", key);
        using var op = Silo.CreateHttpClient(asOperator: true);
        using var current = key.ClientCertificate(chainPem);
        using var mtls = Silo.CreateHttpsClient(current);

        // Renewal works while active ...
        using var nextKey = new AgentKey();
        await SiloApi.SendAsync(Silo, mtls, HttpMethod.Post, "/v1/svid/jwt", new { audience = new[] { Audience } }, HttpStatusCode.OK);

        // ... and is refused once the operator suspends the agent.
        var suspended = await SiloApi.SendAsync(Silo, op, HttpMethod.Post, $"/v1/agents/{SiloApi.PathOf(agentId)}/suspend", null, HttpStatusCode.OK);
        Assert.Equal("suspended", suspended.GetProperty("state").GetString());

        var (status, body, text, mediaType) = await SiloApi.TrySendAsync(mtls, HttpMethod.Post, "/v1/svid/x509", new { csr = nextKey.CsrPem() });
        Assert.True(status == HttpStatusCode.Forbidden, $"expected 403, got {(int)status}: {text}\n{Silo.Describe()}");
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains("suspended", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (jwtStatus, _, jwtText, _) = await SiloApi.TrySendAsync(mtls, HttpMethod.Post, "/v1/svid/jwt", new { audience = new[] { Audience } });
        Assert.True(jwtStatus == HttpStatusCode.Forbidden, $"expected 403 for a JWT-SVID of a suspended agent, got {(int)jwtStatus}: {jwtText}");
    }

    [Fact]
    public async Task RenewX509_AfterItsCertificateWasRevoked_Returns401SayingSo()
    {
        using var key = new AgentKey();
        var (agentId, chainPem) = await AttestNewAgentAsync("revoked", key);
        using var current = key.ClientCertificate(chainPem);
        using var mtls = Silo.CreateHttpsClient(current);
        using var op = Silo.CreateHttpClient(asOperator: true);
        var serial = current.SerialNumber.ToLowerInvariant();

        await SiloApi.SendAsync(
            Silo, op, HttpMethod.Post, $"/v1/agents/{SiloApi.PathOf(agentId)}/credentials/{serial}/revoke", new { reason = "lost laptop" }, HttpStatusCode.OK);

        var (status, body, text, _) = await SiloApi.TrySendAsync(mtls, HttpMethod.Post, "/v1/svid/x509", new { csr = key.CsrPem() });
        Assert.True(status == HttpStatusCode.Unauthorized, $"expected 401, got {(int)status}: {text}\n{Silo.Describe()}");
        Assert.Contains("revoked", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(string AgentId, string ChainPem)> AttestNewAgentAsync(string prefix, AgentKey key)
    {
        using var op = Silo.CreateHttpClient(asOperator: true);
        using var anon = Silo.CreateHttpClient();
        var agentId = SiloApi.AgentId(SiloApi.UniqueName(prefix));
        await SiloApi.RegisterAgentAsync(Silo, op, agentId);
        var token = await SiloApi.CreateJoinTokenAsync(Silo, op, agentId);
        var issued = await SiloApi.AttestAsync(Silo, anon, agentId, token, key);
        var chain = issued.GetProperty("x509_svid").GetString()!;
        Assert.Equal(JsonValueKind.String, issued.GetProperty("x509_svid_expires_at").ValueKind);
        return (agentId, chain);
    }
}
