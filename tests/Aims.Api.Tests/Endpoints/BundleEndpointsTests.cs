using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Endpoints;

[Collection(AimsApiCollection.Name)]
public sealed class BundleEndpointsTests(AimsApiFixture fixture)
{
    [Theory]
    [InlineData("/spiffe/bundle")]
    [InlineData("/spiffe/bundle/aims.local")]
    public async Task GetBundle_WithoutAuthentication_ReturnsSpiffeBundleJwkSet(string path)
    {
        using var response = await fixture.Anonymous.GetAsync(path);

        var bundle = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var keys = bundle.GetProperty("keys").EnumerateArray().ToList();
        var x509 = keys.Where(k => k.GetProperty("use").GetString() == "x509-svid").ToList();
        Assert.NotEmpty(x509);
        var authorities = new List<X509Certificate2>();
        foreach (var key in x509)
        {
            // Trust Domain and Bundle §4.2.1: x5c with exactly one CA certificate, no kid.
            Assert.False(key.TryGetProperty("kid", out _));
            var x5c = key.GetProperty("x5c").EnumerateArray().ToList();
            var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(Assert.Single(x5c).GetString()!));
            authorities.Add(certificate);
            Assert.True(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
            using var publicKey = certificate.GetECDsaPublicKey()!;
            var point = publicKey.ExportParameters(false).Q;
            Assert.Equal(AgentKey.Base64Url(point.X!), key.GetProperty("x").GetString());
            Assert.Equal(AgentKey.Base64Url(point.Y!), key.GetProperty("y").GetString());
        }

        // One entry per CA: no certificate listed twice.
        Assert.Equal(authorities.Count, authorities.Select(c => c.Thumbprint).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(keys, k => k.GetProperty("use").GetString() == "jwt-svid" && HasKid(k));
        Assert.Contains(keys, k => k.GetProperty("use").GetString() == "wit-svid" && HasKid(k));
        Assert.All(keys.Where(k => k.GetProperty("use").GetString() != "x509-svid"), k => Assert.True(HasKid(k)));
        Assert.True(bundle.GetProperty("spiffe_sequence").GetInt64() >= 1);
        Assert.True(bundle.GetProperty("spiffe_refresh_hint").GetInt64() > 0);
    }

    [Fact]
    public async Task GetBundle_ForLocalTrustDomainByName_EqualsDefaultBundle()
    {
        using var first = await fixture.Anonymous.GetAsync("/spiffe/bundle");
        using var second = await fixture.Anonymous.GetAsync("/spiffe/bundle/aims.local");

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetBundle_ForUnknownTrustDomain_Returns404Problem()
    {
        using var response = await fixture.Anonymous.GetAsync("/spiffe/bundle/other.org");

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("other.org", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_WhenSiloIsUp_Returns200()
    {
        using var response = await fixture.Anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static bool HasKid(JsonElement key) =>
        key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String && kid.GetString()!.Length > 0;
}
