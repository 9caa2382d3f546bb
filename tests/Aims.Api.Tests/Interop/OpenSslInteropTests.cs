using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Aims.Api.Tests.Testing;
using Aims.Testing;

namespace Aims.Api.Tests.Interop;

/// <summary>The issued X509-SVIDs as the openssl command line (a verifier nobody here wrote) sees them.</summary>
[Collection(AimsApiCollection.Name)]
public sealed partial class OpenSslInteropTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task OpenSslVerify_IssuedChainAgainstTrustBundle_PrintsOk()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        using var key = new AgentKey();
        var (_, result) = await AttestWithCsrAsync(key.CsrPem());
        await WriteChainAsync(dir, result.GetProperty("x509_svid").GetString()!);
        await File.WriteAllTextAsync(dir.File("bundle.pem"), result.GetProperty("trust_bundle").GetString());

        var verify = await ExternalTool.OpenSslAsync(dir.Path, "verify", "-CAfile", "bundle.pem", "-untrusted", "chain.pem", "leaf.pem");

        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("leaf.pem: OK", verify.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslVerify_IssuedLeafAgainstForeignCa_Fails()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        using var key = new AgentKey();
        var (_, result) = await AttestWithCsrAsync(key.CsrPem());
        await WriteChainAsync(dir, result.GetProperty("x509_svid").GetString()!);
        var ca = await ExternalTool.OpenSslAsync(
            dir.Path, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "foreign.key", "-subj", "/CN=foreign", "-days", "1", "-out", "foreign.pem");
        Assert.True(ca.ExitCode == 0, ca.Output);

        var verify = await ExternalTool.OpenSslAsync(dir.Path, "verify", "-CAfile", "foreign.pem", "-untrusted", "chain.pem", "leaf.pem");

        Assert.NotEqual(0, verify.ExitCode);
        Assert.DoesNotContain("leaf.pem: OK", verify.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslX509Text_IssuedLeaf_HasExactlyOneSpiffeUriAndIsNotACa()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        using var key = new AgentKey();
        var (id, result) = await AttestWithCsrAsync(key.CsrPem());
        await WriteChainAsync(dir, result.GetProperty("x509_svid").GetString()!);

        var text = await ExternalTool.OpenSslAsync(dir.Path, "x509", "-in", "leaf.pem", "-text", "-noout");

        Assert.True(text.ExitCode == 0, text.Output);
        var uris = SpiffeUri().Matches(text.StdOut).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(id, Assert.Single(uris));
        Assert.Single(UriSan().Matches(text.StdOut));
        Assert.Contains("CA:FALSE", text.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_CsrMadeByOpenSslCli_IsAcceptedAndCertifiesThatKey()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        var key = await ExternalTool.OpenSslAsync(dir.Path, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "k.pem");
        Assert.True(key.ExitCode == 0, key.Output);
        var req = await ExternalTool.OpenSslAsync(dir.Path, "req", "-new", "-key", "k.pem", "-subj", "/CN=x", "-out", "csr.pem");
        Assert.True(req.ExitCode == 0, req.Output);

        var (_, result) = await AttestWithCsrAsync(await File.ReadAllTextAsync(dir.File("csr.pem")));

        await WriteChainAsync(dir, result.GetProperty("x509_svid").GetString()!);
        var keyPub = await ExternalTool.OpenSslAsync(dir.Path, "pkey", "-in", "k.pem", "-pubout");
        var leafPub = await ExternalTool.OpenSslAsync(dir.Path, "x509", "-in", "leaf.pem", "-pubkey", "-noout");
        Assert.True(keyPub.ExitCode == 0 && leafPub.ExitCode == 0, keyPub.Output + leafPub.Output);
        Assert.Equal(keyPub.StdOut.Trim(), leafPub.StdOut.Trim());
    }

    private async Task<(string SpiffeId, System.Text.Json.JsonElement Result)> AttestWithCsrAsync(string csr)
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "openssl");
        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, csr: csr));
        return (id, await Wire.AssertJsonAsync(response, HttpStatusCode.OK));
    }

    /// <summary>Writes <c>leaf.pem</c> (the first certificate) and <c>chain.pem</c> (the whole chain as returned).</summary>
    private static async Task WriteChainAsync(ExternalTool.TempDirectory dir, string chainPem)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(chainPem);
        Assert.NotEmpty(chain);
        await File.WriteAllTextAsync(dir.File("leaf.pem"), chain[0].ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(dir.File("chain.pem"), chainPem);
    }

    [GeneratedRegex(@"URI:(spiffe://aims\.local/[^\s,]+)")]
    private static partial Regex SpiffeUri();

    [GeneratedRegex(@"URI:")]
    private static partial Regex UriSan();
}
