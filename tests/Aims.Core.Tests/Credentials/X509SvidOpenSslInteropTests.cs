using System.Globalization;
using System.Text.RegularExpressions;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Testing;
using static Aims.Core.Tests.Credentials.X509TestAuthority;

namespace Aims.Core.Tests.Credentials;

/// <summary>
/// X509-SVIDs checked by the real openssl CLI, and openssl-made certificates checked by our code. openssl uses
/// the wall clock unless told otherwise, so every verify passes <c>-attime</c> with the test's time.
/// </summary>
public sealed class X509SvidOpenSslInteropTests
{
    [Fact]
    public async Task Issue_OpenSslCsrUnderSelfSignedRoot_OpenSslVerifiesTheSvidProfile()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        var csr = await CreateOpenSslCsrAsync(dir);
        using var root = CreateRoot();

        var svid = X509SvidIssuer.Issue(root, AgentId, csr, Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create());

        await File.WriteAllTextAsync(dir.File("root.pem"), root.Certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(dir.File("chain.pem"), svid.ToPem());
        await File.WriteAllTextAsync(dir.File("leaf.pem"), svid.Leaf.ExportCertificatePem());
        foreach (var purpose in new[] { "sslclient", "sslserver" })
        {
            var verify = await OpenSslAsync(dir, "verify", "-attime", Epoch(Now), "-purpose", purpose, "-CAfile", "root.pem", "-untrusted", "chain.pem", "leaf.pem");
            Assert.Equal("leaf.pem: OK", verify.StdOut.Trim());
        }

        var text = (await OpenSslAsync(dir, "x509", "-in", "leaf.pem", "-text", "-noout")).StdOut;
        Assert.Equal("URI:spiffe://aims.test/agents/data-analyst", Assert.Single(Regex.Matches(text, @"URI:\S+")).Value);
        Assert.Contains("CA:FALSE", text, StringComparison.Ordinal);
        Assert.Contains("Digital Signature", text, StringComparison.Ordinal);
        Assert.Contains("TLS Web Server Authentication, TLS Web Client Authentication", text, StringComparison.Ordinal);
        Assert.DoesNotContain("whatever", text, StringComparison.Ordinal);

        var rootText = (await OpenSslAsync(dir, "x509", "-in", "root.pem", "-text", "-noout")).StdOut;
        Assert.Contains("CA:TRUE", rootText, StringComparison.Ordinal);
        Assert.Contains("Certificate Sign, CRL Sign", rootText, StringComparison.Ordinal);
        Assert.Contains("URI:spiffe://aims.test", rootText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIntermediate_UnderOpenSslUpstream_OpenSslVerifiesLeafThroughIt()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        var (rootPem, keyPem) = await CreateOpenSslUpstreamAsync(dir);
        using var upstream = CertificateAuthorityFactory.LoadUpstream(rootPem, keyPem);
        var now = CertificateValidity.NotBefore(upstream.Certificate).AddHours(1);
        var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var certificate = CertificateAuthorityFactory.CreateIntermediate(Domain, key, upstream, now.AddHours(-1), now.AddDays(7), CertificateSerialNumber.Create());
        using var ca = new CertificateAuthority(certificate, key, CertificateAuthorityFactory.ChainAbove(upstream));
        var csr = await CreateOpenSslCsrAsync(dir);

        var svid = X509SvidIssuer.Issue(ca, AgentId, csr, now, TimeSpan.FromHours(1), CertificateSerialNumber.Create());

        await File.WriteAllTextAsync(dir.File("intermediate.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(dir.File("leaf.pem"), svid.Leaf.ExportCertificatePem());
        var verify = await OpenSslAsync(dir, "verify", "-attime", Epoch(now), "-CAfile", "upstream-root.pem", "-untrusted", "intermediate.pem", "leaf.pem");
        Assert.Equal("leaf.pem: OK", verify.StdOut.Trim());
        var ours = X509SvidValidator.Validate(svid.Chain, new X509Bundle(Domain, CertificateAuthorityFactory.LoadUpstreamRoots(rootPem)), now);
        Assert.True(ours.IsValid, ours.ToString());
    }

    [Theory]
    [InlineData("URI:spiffe://aims.test/agents/openssl", null)]
    [InlineData("URI:spiffe://aims.test/agents/a, URI:spiffe://aims.test/agents/b", CredentialErrors.NotSvid)]
    [InlineData("URI:spiffe://elsewhere.test/agents/a", CredentialErrors.WrongTrustDomain)]
    public async Task Validate_LeafSignedByOpenSsl_JudgedByItsUriSans(string subjectAltName, string? expectedError)
    {
        using var dir = ExternalTool.CreateTempDirectory();
        var (rootPem, _) = await CreateOpenSslUpstreamAsync(dir);
        await CreateOpenSslCsrAsync(dir);
        await File.WriteAllTextAsync(dir.File("leaf.ext"), string.Join('\n',
            "basicConstraints=critical,CA:FALSE",
            "keyUsage=critical,digitalSignature",
            "extendedKeyUsage=serverAuth,clientAuth",
            $"subjectAltName=critical,{subjectAltName}",
            "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid"));
        await OpenSslAsync(dir, "x509", "-req", "-in", "csr.pem", "-CA", "upstream-root.pem", "-CAkey", "upstream-key.pem",
            "-set_serial", "4242", "-days", "1", "-extfile", "leaf.ext", "-out", "leaf.pem");
        var leaf = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(dir.File("leaf.pem")));
        var roots = CertificateAuthorityFactory.LoadUpstreamRoots(rootPem);

        var result = X509SvidValidator.Validate([leaf], new X509Bundle(Domain, roots), CertificateValidity.NotBefore(leaf).AddMinutes(1));

        Assert.Equal(expectedError, result.Error);
    }

    private static async Task<CertificateSigningRequest> CreateOpenSslCsrAsync(ExternalTool.TempDirectory dir)
    {
        await OpenSslAsync(dir, "ecparam", "-genkey", "-name", "prime256v1", "-out", "k.pem");
        await OpenSslAsync(dir, "req", "-new", "-key", "k.pem", "-subj", "/CN=whatever", "-out", "csr.pem");
        var pem = await File.ReadAllTextAsync(dir.File("csr.pem"));
        Assert.True(CertificateSigningRequest.TryParse(pem, out var csr, out var error), error);
        return csr;
    }

    private static async Task<(string RootPem, string KeyPem)> CreateOpenSslUpstreamAsync(ExternalTool.TempDirectory dir)
    {
        await OpenSslAsync(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "upstream-key.pem", "-out", "upstream-root.pem", "-days", "30", "-subj", "/O=Upstream/CN=Upstream Root",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return (await File.ReadAllTextAsync(dir.File("upstream-root.pem")), await File.ReadAllTextAsync(dir.File("upstream-key.pem")));
    }

    private static async Task<ExternalTool.Result> OpenSslAsync(ExternalTool.TempDirectory dir, params string[] arguments)
    {
        var result = await ExternalTool.OpenSslAsync(dir.Path, arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {result.Output}");
        return result;
    }

    private static string Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
