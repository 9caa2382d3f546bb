using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Testing;

namespace Aims.Silo.Tests;

/// <summary>
/// mTLS on the silo's HTTPS port with the curl command line (issue 6 item 2): an X509-SVID issued for an openssl-made
/// key authenticates renewal; certificates that chain to the trust bundle but break a SPIFFE rule (another trust
/// domain, expired, a CA, two URI SANs) and one from an untrusted CA are refused with the rule named. The trust domain's
/// CA sits under an upstream root the test holds (made with openssl), so the test can sign such certificates with a
/// root the silo trusts. curl runs with -k: the silo serves a self-signed TLS certificate on 127.0.0.1, and what is
/// under test is the client certificate.
/// </summary>
public sealed class MtlsCurlTests(MtlsCurlTests.UpstreamSiloFixture fixture) : IClassFixture<MtlsCurlTests.UpstreamSiloFixture>
{
    private const string Audience = "https://rp.example.test";

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task Curl_WithIssuedX509SvidAndItsKey_RenewsJwtSvidAndWit()
    {
        var agentId = await RegisterAsync("curl-ok");
        await OpenSslAsync("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ok.key", "-out", "ok.csr", "-subj", "/CN=curl-agent");
        var chain = await AttestWithCsrAsync(agentId, await File.ReadAllTextAsync(fixture.File("ok.csr")));
        await File.WriteAllTextAsync(fixture.File("ok-chain.pem"), chain);

        var jwt = await CurlAsync("ok-chain.pem", "ok.key", "/v1/svid/jwt", $$"""{"audience":["{{Audience}}"]}""");
        var wit = await CurlAsync("ok-chain.pem", "ok.key", "/v1/wit", """{"jwk":{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}}""");

        Assert.True(jwt.Status == 200, jwt.Describe(Silo));
        using (var body = JsonDocument.Parse(jwt.Body))
        {
            Assert.Equal(agentId, body.RootElement.GetProperty("spiffe_id").GetString());
            Assert.StartsWith("eyJ", body.RootElement.GetProperty("jwt_svids")[0].GetProperty("token").GetString(), StringComparison.Ordinal);
        }

        Assert.True(wit.Status == 200, wit.Describe(Silo));
    }

    [Fact]
    public async Task Curl_WithWitAndWptInsteadOfACertificate_RenewsOnTheHttpsPort()
    {
        var agentId = await RegisterAsync("curl-wit");
        using var key = new AgentKey();
        using var op = Silo.CreateHttpClient(asOperator: true);
        using var anonymous = Silo.CreateHttpClient();
        var token = await SiloApi.CreateJoinTokenAsync(Silo, op, agentId);
        var issued = await SiloApi.SendAsync(Silo, anonymous, HttpMethod.Post, "/v1/attest",
            new { spiffe_id = agentId, evidence = new[] { new { type = "join_token", token } }, jwk = key.PublicJwk() }, System.Net.HttpStatusCode.OK);
        var wit = issued.GetProperty("wit").GetString()!;

        // The proof names the HTTPS URL the agent calls: a configured URL of the silo, not its issuer.
        var proof = Aims.Core.Wimse.WptWriter.Write(key.ProofSigner(), wit, Silo.HttpsUrl + "/v1/svid/jwt", DateTimeOffset.UtcNow);
        var answer = await CurlAsync(null, null, "/v1/svid/jwt", $$"""{"audience":["{{Audience}}"]}""",
            "Workload-Identity-Token: " + wit, "Workload-Proof-Token: " + proof);
        var replayed = await CurlAsync(null, null, "/v1/svid/jwt", $$"""{"audience":["{{Audience}}"]}""",
            "Workload-Identity-Token: " + wit, "Workload-Proof-Token: " + proof);

        Assert.True(answer.Status == 200, answer.Describe(Silo));
        replayed.AssertRefused(400, "already used", Silo);
    }

    [Fact]
    public async Task Curl_WithCertificateOfAnotherTrustDomain_Is401NamingTheTrustDomain()
    {
        await SignWithUpstreamAsync("other-td", "subjectAltName=critical,URI:spiffe://other.test/agents/intruder");

        var answer = await CurlAsync("other-td.pem", "other-td.key", "/v1/svid/jwt", $$"""{"audience":["{{Audience}}"]}""");

        answer.AssertRefused(401, "other.test", Silo);
    }

    [Fact]
    public async Task Curl_WithExpiredX509Svid_Is401SayingExpired()
    {
        var agentId = await RegisterAsync("curl-expired");
        using var root = X509Certificate2.CreateFromPemFile(fixture.File("upstream.pem"), fixture.File("upstream.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=expired", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(agentId));
        request.CertificateExtensions.Add(san.Build(critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2"), new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        // Signed by the root's key directly: CertificateRequest.Create(issuerCertificate, …) would refuse validity
        // outside the root's own, and the root was made just now.
        var now = DateTimeOffset.UtcNow;
        using var rootKey = root.GetECDsaPrivateKey()!;
        using var expired = request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddDays(-2), now.AddDays(-1),
            RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(fixture.File("expired.pem"), expired.ExportCertificatePem());
        await File.WriteAllTextAsync(fixture.File("expired.key"), key.ExportPkcs8PrivateKeyPem());

        var answer = await CurlAsync("expired.pem", "expired.key", "/v1/svid/jwt", $$"""{"audience":["{{Audience}}"]}""");

        answer.AssertRefused(401, "expired", Silo);
    }

    [Theory]
    [InlineData("ca", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,digitalSignature", "cA=true")]
    [InlineData("two-uris", "subjectAltName=critical,URI:spiffe://aims.local/agents/a,URI:spiffe://aims.local/agents/b", "URI")]
    public async Task Curl_WithCertificateBreakingASpiffeRule_Is401NamingTheRule(string name, string extensions, string expected)
    {
        var withSan = extensions.Contains("subjectAltName", StringComparison.Ordinal)
            ? extensions
            : extensions + "\nsubjectAltName=critical,URI:" + SiloApi.AgentId("not-a-leaf");
        await SignWithUpstreamAsync(name, withSan);

        var answer = await CurlAsync($"{name}.pem", $"{name}.key", "/v1/svid/jwt", $$"""{"audience":["{{Audience}}"]}""");

        answer.AssertRefused(401, expected, Silo);
    }

    [Fact]
    public async Task Curl_WithCertificateFromAnUntrustedCa_Is401NotAValidSvid()
    {
        var agentId = await RegisterAsync("curl-foreign");
        await OpenSslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "foreign.key", "-out", "foreign.pem", "-days", "1", "-subj", "/CN=foreign",
            "-addext", $"subjectAltName=critical,URI:{agentId}", "-addext", "basicConstraints=critical,CA:FALSE",
            "-addext", "keyUsage=critical,digitalSignature");

        var answer = await CurlAsync("foreign.pem", "foreign.key", "/v1/svid/jwt", $$"""{"audience":["{{Audience}}"]}""");

        answer.AssertRefused(401, "not a valid X509-SVID", Silo);
    }

    [Fact]
    public async Task Curl_WithoutClientCertificate_Is401()
    {
        var answer = await CurlAsync(certificate: null, key: null, "/v1/svid/jwt", $$"""{"audience":["{{Audience}}"]}""");

        answer.AssertRefused(401, "X509-SVID", Silo);
    }

    private async Task<string> RegisterAsync(string prefix)
    {
        using var op = Silo.CreateHttpClient(asOperator: true);
        var agentId = SiloApi.AgentId(SiloApi.UniqueName(prefix));
        await SiloApi.RegisterAgentAsync(Silo, op, agentId);
        return agentId;
    }

    private async Task<string> AttestWithCsrAsync(string agentId, string csrPem)
    {
        using var op = Silo.CreateHttpClient(asOperator: true);
        using var anonymous = Silo.CreateHttpClient();
        var token = await SiloApi.CreateJoinTokenAsync(Silo, op, agentId);
        var issued = await SiloApi.SendAsync(Silo, anonymous, HttpMethod.Post, "/v1/attest",
            new { spiffe_id = agentId, evidence = new[] { new { type = "join_token", token } }, csr = csrPem }, System.Net.HttpStatusCode.OK);
        return issued.GetProperty("x509_svid").GetString()!;
    }

    /// <summary>A P-256 key and a leaf signed by the upstream root with the given openssl extension lines.</summary>
    private async Task SignWithUpstreamAsync(string name, string extensions)
    {
        var lines = extensions.Split('\n').ToList();
        if (!lines.Any(l => l.StartsWith("basicConstraints", StringComparison.Ordinal)))
            lines.Add("basicConstraints=critical,CA:FALSE");
        if (!lines.Any(l => l.StartsWith("keyUsage", StringComparison.Ordinal)))
            lines.Add("keyUsage=critical,digitalSignature");
        await File.WriteAllLinesAsync(fixture.File($"{name}.ext"), lines);
        await OpenSslAsync("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", $"{name}.key", "-out", $"{name}.csr", "-subj", $"/CN={name}");
        await OpenSslAsync("x509", "-req", "-in", $"{name}.csr", "-CA", "upstream.pem", "-CAkey", "upstream.key", "-CAcreateserial",
            "-days", "1", "-extfile", $"{name}.ext", "-out", $"{name}.pem");
    }

    private async Task<CurlAnswer> CurlAsync(string? certificate, string? key, string path, string body, params string[] headers)
    {
        List<string> arguments = ["-sS", "-k", "--max-time", "30", "-X", "POST", "-H", "content-type: application/json", "-d", body,
            "-w", "\n%{http_code}", Silo.HttpsUrl + path];
        foreach (var header in headers)
            arguments.InsertRange(0, ["-H", header]);
        if (certificate is not null)
            arguments.InsertRange(0, ["--cert", fixture.File(certificate), "--key", fixture.File(key!)]);
        var result = await ExternalTool.RunAsync("curl", arguments, fixture.Directory);
        Assert.True(result.ExitCode == 0, $"curl failed ({result.ExitCode}): {result.Output}");
        var cut = result.StdOut.LastIndexOf('\n');
        return new CurlAnswer(int.Parse(result.StdOut[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture), result.StdOut[..cut]);
    }

    private async Task OpenSslAsync(params string[] arguments)
    {
        var result = await ExternalTool.OpenSslAsync(fixture.Directory, arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {result.Output}");
    }

    private sealed record CurlAnswer(int Status, string Body)
    {
        public string Describe(SiloProcess silo) => $"HTTP {Status}: {Body}\n{silo.Describe()}";

        public void AssertRefused(int status, string expected, SiloProcess silo)
        {
            Assert.True(Status == status, $"expected {status}, got {Describe(silo)}");
            using var problem = JsonDocument.Parse(Body);
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
            var detail = problem.RootElement.GetProperty("detail").GetString()!;
            Assert.True(detail.Contains(expected, StringComparison.Ordinal), $"'{expected}' not in: {detail}");
        }
    }

    /// <summary>One Local-profile silo whose CA is an intermediate under an upstream root made here with openssl.</summary>
    public sealed class UpstreamSiloFixture : IAsyncLifetime
    {
        private readonly ExternalTool.TempDirectory _temp = ExternalTool.CreateTempDirectory();
        private SiloProcess? _silo;

        public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo has not started");

        public string Directory => _temp.Path;

        public string File(string name) => _temp.File(name);

        public async Task InitializeAsync()
        {
            var root = await ExternalTool.OpenSslAsync(Directory,
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "upstream.key", "-out", "upstream.pem", "-days", "30", "-subj", "/O=Example Corp/CN=Example Root CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            if (root.ExitCode != 0)
                throw new InvalidOperationException("openssl could not make the upstream root: " + root.Output);

            _silo = SiloProcess.StartLocal("silo-curl", File("data"), environment: new Dictionary<string, string>
            {
                ["Aims__Authority__UpstreamCertificateFile"] = File("upstream.pem"),
                ["Aims__Authority__UpstreamKeyFile"] = File("upstream.key"),
            });
            await _silo.WaitReadyAsync();
        }

        public async Task DisposeAsync()
        {
            try
            {
                if (_silo is not null)
                    await _silo.DisposeAsync();
            }
            finally
            {
                _temp.Dispose();
            }
        }
    }
}
