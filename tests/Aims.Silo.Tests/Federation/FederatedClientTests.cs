using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;

namespace Aims.Silo.Tests.Federation;

/// <summary>
/// Identity chaining with the partner agent's own X509-SVID as client authentication at B (identity chaining §5.3,
/// RFC 8705), between two silo processes: an agent of <c>a.test</c> gets an X509-SVID for an openssl-made key and a JWT
/// authorization grant at A, then calls B's HTTPS token endpoint with real curl (<c>--cert/--key</c>). B validates
/// the certificate against its federated bundle of <c>a.test</c> and binds its token to it (<c>cnf.x5t#S256</c>);
/// B's trusted issuer requires client authentication, so the bare grant is refused, and so is the grant presented
/// with another agent's SVID. curl runs with -k: B serves a self-signed TLS certificate on 127.0.0.1, and what is
/// under test is the client certificate.
/// </summary>
public sealed class FederatedClientTests(FederatedClientFabrics fabrics) : IClassFixture<FederatedClientFabrics>
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";

    [Fact]
    public async Task Chain_GrantPresentedWithTheAgentsOwnX509SvidOverCurl_BsTokenIsBoundToThatCertificate()
    {
        using var work = ExternalTool.CreateTempDirectory();
        var agent = await AttestedAgentAsync(work.Path, "research");
        var grant = await GrantAsync(agent);

        var (status, body) = await CurlTokenAsync(work.Path, agent, grant);

        Assert.True(status == 200, $"B: {status} {body}\n{fabrics.B.Describe()}");
        using var response = JsonDocument.Parse(body);
        var claims = Claims(response.RootElement.GetProperty("access_token").GetString()!);
        Assert.Equal(agent.Id, claims.GetProperty("sub").GetString());
        Assert.Equal(agent.Id, claims.GetProperty("client_id").GetString());
        Assert.Equal(fabrics.IssuerB, claims.GetProperty("iss").GetString());
        Assert.Equal("tools.read", claims.GetProperty("scope").GetString());
        Assert.Equal(agent.Thumbprint, claims.GetProperty("cnf").GetProperty("x5t#S256").GetString());

        // B's audit names the method and the SVID that proved the client.
        using var op = fabrics.B.CreateHttpClient(asOperator: true);
        var audit = await SiloApi.SendAsync(fabrics.B, op, HttpMethod.Get, $"/v1/audit?agent={SiloApi.PathOf(agent.Id)}", null, HttpStatusCode.OK);
        var issued = Assert.Single(audit.GetProperty("records").EnumerateArray(),
            r => r.GetProperty("action").GetString() == "token.issue" && r.GetProperty("decision").GetString() == "Allowed");
        var detail = issued.GetProperty("detail").GetString()!;
        Assert.Contains("tls_client_auth (X509-SVID of a federated trust domain)", detail, StringComparison.Ordinal);
        Assert.Contains($"X509-SVID {agent.Id} serial {agent.Serial}", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chain_BareGrantAtBWhoseTrustedIssuerRequiresClientAuthentication_InvalidClient()
    {
        using var work = ExternalTool.CreateTempDirectory();
        var agent = await AttestedAgentAsync(work.Path, "research");
        var grant = await GrantAsync(agent);

        using var anonymous = fabrics.B.CreateHttpClient();
        var (status, json, text) = await OAuthSilo.PostFormAsync(anonymous, "/oauth2/token",
            ("grant_type", JwtBearerGrant), ("assertion", grant), ("resource", FederatedClientFabrics.ResourceB));

        Assert.True(status == HttpStatusCode.Unauthorized, text);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
        Assert.Contains("X509-SVID", json.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        // The refusal did not use the grant up: presented with the agent's SVID it is honoured.
        var (retried, body) = await CurlTokenAsync(work.Path, agent, grant);
        Assert.True(retried == 200, $"B: {retried} {body}");
    }

    [Fact]
    public async Task Chain_GrantPresentedWithAnotherAgentsX509Svid_InvalidGrant()
    {
        using var work = ExternalTool.CreateTempDirectory();
        var owner = await AttestedAgentAsync(work.Path, "research");
        var other = await AttestedAgentAsync(work.Path, "research");
        var grant = await GrantAsync(owner);

        var (status, body) = await CurlTokenAsync(work.Path, other, grant);

        Assert.True(status == 400, $"B: {status} {body}");
        using var error = JsonDocument.Parse(body);
        Assert.Equal("invalid_grant", error.RootElement.GetProperty("error").GetString());
        Assert.Contains($"issued to {owner.Id}", error.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>An agent of A with its openssl-made key (<c>{name}.key</c>) and X509-SVID chain (<c>{name}.pem</c>) in <paramref name="directory"/>.</summary>
    private sealed record Agent(string Id, string Name, string Thumbprint, string Serial);

    private async Task<Agent> AttestedAgentAsync(string directory, string team)
    {
        var name = SiloApi.UniqueName("bot");
        var id = $"spiffe://{TwoFabricFixture.TrustDomainA}/agents/{team}/{name}";
        var openssl = await ExternalTool.OpenSslAsync(directory, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", $"{name}.key", "-out", $"{name}.csr", "-subj", "/CN=federated-client");
        Assert.True(openssl.ExitCode == 0, openssl.Output);

        using var op = fabrics.A.CreateHttpClient(asOperator: true);
        using var anonymous = fabrics.A.CreateHttpClient();
        await SiloApi.RegisterAgentAsync(fabrics.A, op, id, FederatedClientFabrics.AgentPolicy);
        var token = await SiloApi.CreateJoinTokenAsync(fabrics.A, op, id);
        var issued = await SiloApi.SendAsync(fabrics.A, anonymous, HttpMethod.Post, "/v1/attest", new
        {
            spiffe_id = id,
            evidence = new[] { new { type = "join_token", token } },
            csr = await File.ReadAllTextAsync(Path.Combine(directory, $"{name}.csr")),
        }, HttpStatusCode.OK);
        var chain = issued.GetProperty("x509_svid").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(directory, $"{name}.pem"), chain);
        using var leaf = X509Certificate2.CreateFromPem(chain);
        return new Agent(id, name, Base64Url(SHA256.HashData(leaf.RawData)), leaf.SerialNumber.ToLowerInvariant());
    }

    /// <summary>At A: client_credentials for A's API, then the chaining token exchange for a grant addressed to B.</summary>
    private async Task<string> GrantAsync(Agent agent)
    {
        using var anonymous = fabrics.A.CreateHttpClient();
        var (status, json, text) = await OAuthSilo.PostFormAsync(anonymous, "/oauth2/token",
            ("grant_type", "client_credentials"), ("client_assertion_type", OAuthSilo.JwtBearer), ("client_assertion", await JwtSvidAtAAsync(agent)),
            ("scope", "tools.read"), ("resource", FederatedClientFabrics.ResourceA));
        Assert.True(status == HttpStatusCode.OK, $"client_credentials at A: {(int)status} {text}\n{fabrics.A.Describe()}");

        (status, json, text) = await OAuthSilo.PostFormAsync(anonymous, "/oauth2/token",
            ("grant_type", TokenExchange), ("client_assertion_type", OAuthSilo.JwtBearer), ("client_assertion", await JwtSvidAtAAsync(agent)),
            ("subject_token", json.GetProperty("access_token").GetString()!), ("subject_token_type", AccessTokenType),
            ("requested_token_type", JwtTokenType), ("audience", fabrics.IssuerB));
        Assert.True(status == HttpStatusCode.OK, $"chaining exchange at A: {(int)status} {text}\n{fabrics.A.Describe()}");
        return json.GetProperty("access_token").GetString()!;
    }

    /// <summary>A fresh JWT-SVID for A's token endpoint (client assertions are single-use): a new join token and attestation.</summary>
    private async Task<string> JwtSvidAtAAsync(Agent agent)
    {
        using var op = fabrics.A.CreateHttpClient(asOperator: true);
        using var anonymous = fabrics.A.CreateHttpClient();
        var token = await SiloApi.CreateJoinTokenAsync(fabrics.A, op, agent.Id);
        var issued = await SiloApi.SendAsync(fabrics.A, anonymous, HttpMethod.Post, "/v1/attest", new
        {
            spiffe_id = agent.Id,
            evidence = new[] { new { type = "join_token", token } },
            audience = new[] { fabrics.IssuerA + "/oauth2/token" },
        }, HttpStatusCode.OK);
        return issued.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;
    }

    /// <summary>B's HTTPS token endpoint with curl, presenting <paramref name="client"/>'s X509-SVID and key; returns status and body.</summary>
    private async Task<(int Status, string Body)> CurlTokenAsync(string directory, Agent client, string grant)
    {
        var result = await ExternalTool.RunAsync("curl", [
            "-sS", "-k", "--max-time", "30",
            "--cert", Path.Combine(directory, $"{client.Name}.pem"), "--key", Path.Combine(directory, $"{client.Name}.key"),
            "--data-urlencode", $"grant_type={JwtBearerGrant}",
            "--data-urlencode", $"assertion={grant}",
            "--data-urlencode", $"resource={FederatedClientFabrics.ResourceB}",
            "-w", "\n%{http_code}", fabrics.B.HttpsUrl + "/oauth2/token",
        ], directory);
        Assert.True(result.ExitCode == 0, $"curl failed ({result.ExitCode}): {result.Output}");
        var cut = result.StdOut.LastIndexOf('\n');
        return (int.Parse(result.StdOut[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture), result.StdOut[..cut]);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonElement Claims(string jwt) =>
        SiloApi.Parse(System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1])));
}
