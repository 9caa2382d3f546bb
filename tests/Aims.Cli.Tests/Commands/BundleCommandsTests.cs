using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests.Commands;

public sealed class BundleCommandsTests
{
    private static readonly DateTimeOffset NotAfter = new(2027, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task Show_SendsNoTokenToThePublicEndpoint()
    {
        using var root = CreateRoot();
        var server = new FakeServer().Returns(Bundle(root));

        await CliRunner.RunAsync(server, "bundle", "show");

        Assert.Equal(HttpMethod.Get, server.Request.Method);
        Assert.Equal("/spiffe/bundle", server.Request.PathAndQuery);
        Assert.Null(server.Request.Authorization);
    }

    [Fact]
    public async Task Show_Human_PrintsSequenceRefreshHintAndEachKey()
    {
        using var root = CreateRoot();

        var result = await CliRunner.RunAsync(new FakeServer().Returns(Bundle(root)), "bundle", "show");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(
            """
            spiffe_sequence:     7
            spiffe_refresh_hint: 300
            keys:                2

            USE        KID    KEY       SUBJECT                   NOT AFTER
            x509-svid  ca-1   EC P-256  CN=aims.local CA, O=Aims  2027-01-02T03:04:05Z
            jwt-svid   jwt-1  EC P-256  -                         -

            """,
            result.Out);
    }

    [Fact]
    public async Task Show_Pem_PrintsTheX509AuthoritiesAsPem()
    {
        using var root = CreateRoot();

        var result = await CliRunner.RunAsync(new FakeServer().Returns(Bundle(root)), "bundle", "show", "--pem");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", result.Out, StringComparison.Ordinal);
        using var printed = X509Certificate2.CreateFromPem(result.Out);
        Assert.Equal(root.Thumbprint, printed.Thumbprint);
    }

    [Fact]
    public async Task Show_PemWithoutX509Keys_Exits1()
    {
        var bundle = """{ "keys": [ { "use": "jwt-svid", "kid": "j", "kty": "EC", "crv": "P-256", "x": "AA", "y": "AA" } ], "spiffe_sequence": 1 }""";

        var result = await CliRunner.RunAsync(new FakeServer().Returns(bundle), "bundle", "show", "--pem");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("error: the bundle holds no X.509 authorities.\n", result.Error);
    }

    [Fact]
    public async Task Show_Json_PrintsTheBundleAsServed()
    {
        using var root = CreateRoot();
        var bundle = Bundle(root);

        var result = await CliRunner.RunAsync(new FakeServer().Returns(bundle), "bundle", "show", "--json");

        JsonAssert.Equivalent(bundle, result.Out);
    }

    private static X509Certificate2 CreateRoot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=aims.local CA, O=Aims", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(NotAfter.AddDays(-30), NotAfter);
    }

    private static string Bundle(X509Certificate2 root) => $$"""
        {
          "keys": [
            { "use": "x509-svid", "kid": "ca-1", "kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "x5c": ["{{Convert.ToBase64String(root.RawData)}}"] },
            { "use": "jwt-svid", "kid": "jwt-1", "kty": "EC", "crv": "P-256", "x": "AA", "y": "AA" }
          ],
          "spiffe_sequence": 7,
          "spiffe_refresh_hint": 300
        }
        """;
}
