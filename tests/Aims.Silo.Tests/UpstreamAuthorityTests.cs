using System.Net;
using Aims.Testing;

namespace Aims.Silo.Tests;

/// <summary>
/// The trust domain's CA under an upstream CA given in configuration (made with the openssl CLI): the silo's CA
/// becomes an intermediate, the bundle publishes the upstream root, and openssl verifies issued chains against it.
/// </summary>
public sealed class UpstreamAuthorityTests
{
    [Fact]
    public async Task Attest_UnderUpstreamCa_ChainVerifiesWithOpenSslAgainstTheUpstreamRoot()
    {
        using var temp = ExternalTool.CreateTempDirectory();
        await OpenSslAsync(temp.Path,
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "upstream.key", "-out", "upstream.pem", "-days", "30", "-subj", "/O=Example Corp/CN=Example Root CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");

        var environment = new Dictionary<string, string>
        {
            ["Aims__Authority__UpstreamCertificateFile"] = temp.File("upstream.pem"),
            ["Aims__Authority__UpstreamKeyFile"] = temp.File("upstream.key"),
        };
        await using var silo = SiloProcess.StartLocal("upstream", temp.File("data"), environment: environment);
        await silo.WaitReadyAsync();
        using var operatorClient = silo.CreateHttpClient(asOperator: true);
        using var anonymous = silo.CreateHttpClient();
        var id = SiloApi.AgentId(SiloApi.UniqueName("upstream"));
        await SiloApi.RegisterAgentAsync(silo, operatorClient, id);
        var token = await SiloApi.CreateJoinTokenAsync(silo, operatorClient, id);
        using var key = new AgentKey();

        var issued = await SiloApi.AttestAsync(silo, anonymous, id, token, key);

        var chain = AgentKey.Chain(issued.GetProperty("x509_svid").GetString()!);
        Assert.Equal(2, chain.Count);
        await File.WriteAllTextAsync(temp.File("leaf.pem"), chain[0].ExportCertificatePem());
        await File.WriteAllTextAsync(temp.File("intermediate.pem"), chain[1].ExportCertificatePem());
        var verify = await OpenSslAsync(temp.Path, "verify", "-CAfile", "upstream.pem", "-untrusted", "intermediate.pem", "leaf.pem");
        Assert.Contains("leaf.pem: OK", verify.Output, StringComparison.Ordinal);

        // The bundle's x509 authority is the upstream root, not our intermediate (Trust Domain and Bundle §4.2.1).
        var bundle = await SiloApi.GetBundleAsync(silo, anonymous);
        var upstreamDer = Convert.ToBase64String(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            await File.ReadAllTextAsync(temp.File("upstream.pem"))).RawData);
        Assert.Equal([upstreamDer], SiloApi.X509Roots(bundle));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode);
    }

    private static async Task<ExternalTool.Result> OpenSslAsync(string directory, params string[] arguments)
    {
        var result = await ExternalTool.OpenSslAsync(directory, arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {result.Output}");
        return result;
    }
}
