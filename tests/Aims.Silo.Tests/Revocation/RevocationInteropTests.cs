using System.Net;
using System.Security.Cryptography.X509Certificates;
using Aims.Testing;

namespace Aims.Silo.Tests.Revocation;

/// <summary>
/// The CRL and OCSP responder of a real silo process, judged by the openssl command line (a relying party nobody here
/// wrote): <c>openssl verify -crl_check</c> and <c>openssl ocsp</c> against the silo's HTTP port.
/// </summary>
public sealed class RevocationInteropTests(LocalSiloFixture fixture) : IClassFixture<LocalSiloFixture>
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task OpenSslVerifyCrlCheck_RevokedSvidRejectedGoodOneAccepted()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        var good = await IssueAsync(dir, "good");
        var revoked = await IssueAsync(dir, "revoked");
        await RevokeAsync(revoked, "key_compromise");
        await FetchCrlAsync(dir);

        var accepted = await ExternalTool.OpenSslAsync(dir.Path, "verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem", good.LeafFile);
        var rejected = await ExternalTool.OpenSslAsync(dir.Path, "verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem", revoked.LeafFile);

        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.Contains($"{good.LeafFile}: OK", accepted.StdOut, StringComparison.Ordinal);
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("certificate revoked", rejected.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslCrl_FetchedCrl_SignedByTheCaWithNumberAndNextUpdate()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        var revoked = await IssueAsync(dir, "crl-text");
        await RevokeAsync(revoked, "superseded");
        await FetchCrlAsync(dir);

        var text = await ExternalTool.OpenSslAsync(dir.Path, "crl", "-in", "crl.pem", "-CAfile", "ca.pem", "-noout", "-text");

        Assert.True(text.ExitCode == 0, text.Output);
        Assert.Contains("verify OK", text.Output, StringComparison.Ordinal);
        Assert.Contains("ecdsa-with-SHA256", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("X509v3 CRL Number", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("X509v3 Authority Key Identifier", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("Next Update", text.StdOut, StringComparison.Ordinal);
        Assert.Contains($"Serial Number: {revoked.Serial.ToUpperInvariant()}", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("Superseded", text.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslOcsp_GoodThenRevokedWithReason()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        var svid = await IssueAsync(dir, "ocsp");

        var good = await OcspAsync(dir, svid.LeafFile);
        await RevokeAsync(svid, "key_compromise");
        var revoked = await OcspAsync(dir, svid.LeafFile);

        Assert.True(good.ExitCode == 0, good.Output);
        Assert.Contains("Response verify OK", good.Output, StringComparison.Ordinal);
        Assert.Contains($"{svid.LeafFile}: good", good.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING: no nonce", good.Output, StringComparison.Ordinal);
        Assert.Contains($"{svid.LeafFile}: revoked", revoked.StdOut, StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", revoked.StdOut, StringComparison.Ordinal);
        Assert.Contains("Response verify OK", revoked.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslOcsp_SerialNeverIssued_Unknown()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        await IssueAsync(dir, "ocsp-unknown");

        var result = await ExternalTool.OpenSslAsync(
            dir.Path, "ocsp", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-serial", "0x7e57c0de", "-url", Silo.HttpUrl + "/ocsp");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("0x7e57c0de: unknown", result.StdOut, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Compromise_OnceAcknowledged_OpenSslSeesRevokedOnCrlAndOcsp()
    {
        using var dir = ExternalTool.CreateTempDirectory();
        var svid = await IssueAsync(dir, "compromised");
        using var op = Silo.CreateHttpClient(asOperator: true);

        await SiloApi.SendAsync(Silo, op, HttpMethod.Post, $"/v1/agents/{SiloApi.PathOf(svid.AgentId)}/compromise", new { reason = "key exfiltrated" }, HttpStatusCode.OK);

        var ocsp = await OcspAsync(dir, svid.LeafFile);
        await FetchCrlAsync(dir);
        var verify = await ExternalTool.OpenSslAsync(dir.Path, "verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem", svid.LeafFile);
        Assert.Contains($"{svid.LeafFile}: revoked", ocsp.StdOut, StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", ocsp.StdOut, StringComparison.Ordinal);
        Assert.NotEqual(0, verify.ExitCode);
        Assert.Contains("certificate revoked", verify.Output, StringComparison.Ordinal);
    }

    private Task<ExternalTool.Result> OcspAsync(ExternalTool.TempDirectory dir, string leafFile) =>
        ExternalTool.OpenSslAsync(dir.Path, "ocsp", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-cert", leafFile, "-url", Silo.HttpUrl + "/ocsp", "-resp_text");

    /// <summary>Registers and attests a new agent with a CSR; writes its leaf to <c>&lt;name&gt;.pem</c> and the trust bundle to <c>ca.pem</c>.</summary>
    private async Task<Svid> IssueAsync(ExternalTool.TempDirectory dir, string name)
    {
        using var op = Silo.CreateHttpClient(asOperator: true);
        using var anon = Silo.CreateHttpClient();
        using var key = new AgentKey();
        var agentId = SiloApi.AgentId(SiloApi.UniqueName(name));
        await SiloApi.RegisterAgentAsync(Silo, op, agentId);
        var issued = await SiloApi.AttestAsync(Silo, anon, agentId, await SiloApi.CreateJoinTokenAsync(Silo, op, agentId), key);
        using var leaf = AgentKey.Leaf(issued.GetProperty("x509_svid").GetString()!);
        var leafFile = name + ".pem";
        await File.WriteAllTextAsync(dir.File(leafFile), leaf.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(dir.File("ca.pem"), issued.GetProperty("trust_bundle").GetString());
        return new Svid(agentId, leaf.SerialNumber.ToLowerInvariant(), leafFile);
    }

    private async Task RevokeAsync(Svid svid, string reasonCode)
    {
        using var op = Silo.CreateHttpClient(asOperator: true);
        var revoked = await SiloApi.SendAsync(
            Silo, op, HttpMethod.Post, $"/v1/agents/{SiloApi.PathOf(svid.AgentId)}/credentials/{svid.Serial}/revoke",
            new { reason = "revoked by the interop test", reason_code = reasonCode }, HttpStatusCode.OK);
        Assert.Equal("revoked", revoked.GetProperty("state").GetString());
    }

    /// <summary><c>GET /crl</c> as DER, written as <c>crl.pem</c> through <c>openssl crl -inform DER</c>.</summary>
    private async Task FetchCrlAsync(ExternalTool.TempDirectory dir)
    {
        using var anon = Silo.CreateHttpClient();
        using var response = await anon.GetAsync("crl");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        await File.WriteAllBytesAsync(dir.File("crl.der"), await response.Content.ReadAsByteArrayAsync());
        var convert = await ExternalTool.OpenSslAsync(dir.Path, "crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem");
        Assert.True(convert.ExitCode == 0, convert.Output);
    }

    private sealed record Svid(string AgentId, string Serial, string LeafFile);
}
