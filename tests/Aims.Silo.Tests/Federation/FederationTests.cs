using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Aims.Testing;

namespace Aims.Silo.Tests.Federation;

/// <summary>
/// SPIFFE federation between two fabrics (issue 6 item 4): each fetches the other's bundle from its bundle endpoint,
/// serves it at <c>/spiffe/bundle/{trustDomain}</c> as fetched, follows the other's rotations, and never merges it
/// into its own <c>/spiffe/bundle</c>.
/// </summary>
public sealed class FederationTests(FederationFabrics fabrics) : IClassFixture<FederationFabrics>
{
    private static readonly TimeSpan RotationBudget = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task FederatedBundle_EachFabric_ServesTheOthersBundleAsItPublishesIt()
    {
        // B fetched A over https_spiffe; A's keys live a week, so A's bundle does not move during the test.
        var ownA = await BundleAsync(fabrics.A, "/spiffe/bundle");
        var aAtB = await BundleAsync(fabrics.B, $"/spiffe/bundle/{TwoFabricFixture.TrustDomainA}");
        Assert.Equal(Keys(ownA), Keys(aAtB));
        Assert.Equal(Sequence(ownA), Sequence(aAtB));

        // A fetched B over https_web; B rotates, so compare once A holds B's current sequence.
        var (ownB, bAtA) = await SameSequenceAsync();
        Assert.Equal(Keys(ownB), Keys(bAtA));
    }

    [Fact]
    public async Task LocalBundle_EachFabric_HoldsOnlyItsOwnKeys()
    {
        var ownA = Keys(await BundleAsync(fabrics.A, "/spiffe/bundle"));
        var ownB = Keys(await BundleAsync(fabrics.B, "/spiffe/bundle"));
        var aAtB = Keys(await BundleAsync(fabrics.B, $"/spiffe/bundle/{TwoFabricFixture.TrustDomainA}"));

        Assert.NotEmpty(ownA);
        Assert.NotEmpty(ownB);
        Assert.Empty(ownA.Intersect(ownB));
        Assert.Empty(ownB.Intersect(aAtB));
    }

    [Fact]
    public async Task FederatedBundle_HeadersLikeTheLocalBundle_NoCacheAndSequenceETag()
    {
        using var http = fabrics.B.CreateHttpClient();
        using var response = await http.GetAsync(new Uri($"/spiffe/bundle/{TwoFabricFixture.TrustDomainA}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal($"\"{Sequence(JsonDocument.Parse(body).RootElement)}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task FederatedBundle_AfterTheOtherSideRotates_RefreshedWithHigherSequence()
    {
        var before = Sequence(await BundleAsync(fabrics.A, $"/spiffe/bundle/{TwoFabricFixture.TrustDomainB}"));

        var deadline = DateTime.UtcNow + RotationBudget;
        while (true)
        {
            var (ownB, bAtA) = await SameSequenceAsync();
            if (Sequence(bAtA) > before)
            {
                Assert.Equal(Keys(ownB), Keys(bAtA));
                var status = await TwoFabricFixture.StatusAsync(fabrics.A, TwoFabricFixture.TrustDomainB);
                Assert.True(status.GetProperty("sequence").GetInt64() > before);
                Assert.True(Absent(status, "last_error"), status.ToString());
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"A still serves B's bundle #{before} after B rotated\n{fabrics.A.Describe(60)}");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public async Task HttpsSpiffe_WrongEndpointSpiffeId_FetchFailsClearlyAndNothingIsStored()
    {
        using var operatorHttp = fabrics.B.CreateHttpClient(asOperator: true);
        using var refresh = await operatorHttp.PostAsync(new Uri($"/v1/federation/{FederationFabrics.WrongIdTrustDomain}/refresh", UriKind.Relative), null);
        var status = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal("unfetched", status.GetProperty("state").GetString());
        Assert.True(Absent(status, "sequence"), status.ToString());
        Assert.Equal("https_spiffe", status.GetProperty("profile").GetString());
        var error = status.GetProperty("last_error").GetString();
        Assert.Contains("spiffe://a.test/aims/silo", error, StringComparison.Ordinal);
        Assert.Contains($"not the configured EndpointSpiffeId {FederationFabrics.WrongEndpointId}", error, StringComparison.Ordinal);

        using var http = fabrics.B.CreateHttpClient();
        using var bundle = await http.GetAsync(new Uri($"/spiffe/bundle/{FederationFabrics.WrongIdTrustDomain}", UriKind.Relative));
        var problem = await bundle.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, bundle.StatusCode);
        Assert.Contains("has not been fetched yet", problem, StringComparison.Ordinal);
        Assert.Contains("not the configured EndpointSpiffeId", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslVerify_SvidOfA_TrustedByTheBundleBServesForAOnly()
    {
        using var temp = ExternalTool.CreateTempDirectory();
        // The silo's TLS certificate is an X509-SVID issued by A's authority (spiffe://a.test/aims/silo).
        File.WriteAllText(temp.File("svid.pem"), (await ServerCertificateAsync(fabrics.PortsA.Https)).ExportCertificatePem());
        File.WriteAllText(temp.File("a-at-b.pem"), X5cPem(await BundleAsync(fabrics.B, $"/spiffe/bundle/{TwoFabricFixture.TrustDomainA}")));
        File.WriteAllText(temp.File("b-own.pem"), X5cPem(await BundleAsync(fabrics.B, "/spiffe/bundle")));

        var trusted = await ExternalTool.OpenSslAsync(temp.Path, "verify", "-CAfile", "a-at-b.pem", "svid.pem");
        var foreign = await ExternalTool.OpenSslAsync(temp.Path, "verify", "-CAfile", "b-own.pem", "svid.pem");

        Assert.True(trusted.ExitCode == 0, trusted.Output);
        Assert.Contains("svid.pem: OK", trusted.Output, StringComparison.Ordinal);
        Assert.True(foreign.ExitCode != 0, foreign.Output);
    }

    [Theory]
    [InlineData("GET", "/v1/federation")]
    [InlineData("POST", "/v1/federation/b.test/refresh")]
    public async Task OperatorEndpoints_WithoutOperatorToken_401(string method, string path)
    {
        using var http = fabrics.A.CreateHttpClient();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/federation/zzz.test/refresh", HttpStatusCode.NotFound, "no federation relationship is configured for trust domain zzz.test")]
    [InlineData("/v1/federation/Not%20A%20Domain/refresh", HttpStatusCode.BadRequest, "is not a trust domain name")]
    public async Task Refresh_UnknownOrInvalidTrustDomain_Refused(string path, HttpStatusCode status, string detail)
    {
        using var http = fabrics.A.CreateHttpClient(asOperator: true);
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), null);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FederatedBundle_NotConfigured_404SaysSo()
    {
        using var http = fabrics.A.CreateHttpClient();
        using var response = await http.GetAsync(new Uri("/spiffe/bundle/zzz.test", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("federation is not configured for it", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_FederationListAndRefresh_ShowTheRelationship()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "aims.dll");
        string[] server = ["--server", fabrics.B.HttpUrl, "--token", fabrics.B.AdminToken];

        var list = await ExternalTool.RunAsync("dotnet", [cli, "federation", "list", "--json", .. server]);
        var refresh = await ExternalTool.RunAsync("dotnet", [cli, "federation", "refresh", TwoFabricFixture.TrustDomainA, .. server]);

        Assert.True(list.ExitCode == 0, list.Output);
        var relationships = JsonDocument.Parse(list.StdOut).RootElement.GetProperty("relationships").EnumerateArray().ToList();
        Assert.Equal([TwoFabricFixture.TrustDomainA, FederationFabrics.WrongIdTrustDomain], relationships.Select(r => r.GetProperty("trust_domain").GetString()));
        Assert.True(refresh.ExitCode == 0, refresh.Output);
        Assert.Contains("current", refresh.StdOut, StringComparison.Ordinal);
        Assert.Contains("https_spiffe", refresh.StdOut, StringComparison.Ordinal);
    }

    /// <summary>B's own bundle and A's copy of it, once A holds B's current sequence (B rotates under the test).</summary>
    private async Task<(JsonElement OwnB, JsonElement BAtA)> SameSequenceAsync()
    {
        var deadline = DateTime.UtcNow + RotationBudget;
        while (true)
        {
            var ownB = await BundleAsync(fabrics.B, "/spiffe/bundle");
            var bAtA = await BundleAsync(fabrics.A, $"/spiffe/bundle/{TwoFabricFixture.TrustDomainB}");
            if (Sequence(ownB) == Sequence(bAtA))
                return (ownB, bAtA);
            Assert.True(DateTime.UtcNow < deadline, $"A serves B's bundle #{Sequence(bAtA)}, B publishes #{Sequence(ownB)}\n{fabrics.A.Describe(60)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<JsonElement> BundleAsync(SiloProcess silo, string path)
    {
        using var http = silo.CreateHttpClient();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} on {silo.Name}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>AimsJson leaves null members out.</summary>
    private static bool Absent(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static long Sequence(JsonElement bundle) => bundle.GetProperty("spiffe_sequence").GetInt64();

    /// <summary>Each key as use + x (EC public point): what identifies it whatever the member order.</summary>
    private static HashSet<string> Keys(JsonElement bundle) =>
        [.. bundle.GetProperty("keys").EnumerateArray().Select(k => $"{k.GetProperty("use").GetString()}:{k.GetProperty("x").GetString()}")];

    private static string X5cPem(JsonElement bundle)
    {
        var pem = new StringBuilder();
        foreach (var key in bundle.GetProperty("keys").EnumerateArray().Where(k => k.GetProperty("use").GetString() == "x509-svid"))
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(key.GetProperty("x5c")[0].GetString()!));
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        return pem.ToString();
    }

    private static async Task<X509Certificate2> ServerCertificateAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        // Only the certificate is wanted here; it is checked with openssl below, not by this handshake.
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate is not null);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }
}
