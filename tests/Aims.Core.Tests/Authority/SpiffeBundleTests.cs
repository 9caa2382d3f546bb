using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Jose;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.Authority;

/// <summary>The bundle as a JWK Set (SPIFFE Trust Domain and Bundle §4).</summary>
public sealed class SpiffeBundleTests
{
    [Fact]
    public void ToJson_EcAuthorityJwtAndWitKeys_OneEntryPerKeyInOrderWithSequenceAndRefreshHint()
    {
        using var ca = X509TestAuthority.CreateRoot();
        using var jwt1 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var jwt2 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wit = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var bundle = new SpiffeBundle(
            X509TestAuthority.Domain,
            [ca.Certificate],
            [JsonWebKey.FromECDsa(jwt1, "j1", alg: JwsAlgorithms.ES256), JsonWebKey.FromECDsa(jwt2, "j2", use: "sig")],
            [JsonWebKey.FromECDsa(wit, "w1", alg: JwsAlgorithms.ES256)],
            42,
            TimeSpan.FromSeconds(90.2));

        using var document = JsonDocument.Parse(bundle.ToJson());

        var root = document.RootElement;
        Assert.Equal(["keys", "spiffe_sequence", "spiffe_refresh_hint"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(42, root.GetProperty("spiffe_sequence").GetInt64());
        Assert.Equal(91, root.GetProperty("spiffe_refresh_hint").GetInt64());
        var keys = root.GetProperty("keys").EnumerateArray().ToArray();
        Assert.Equal(4, keys.Length);
        Assert.Equal(["x509-svid", "jwt-svid", "jwt-svid", "wit-svid"], keys.Select(k => k.GetProperty("use").GetString()));

        // §4.2.1: an X.509 authority has no kid and exactly one certificate in x5c.
        var authority = keys[0];
        Assert.Equal(["kty", "crv", "x", "y", "use", "x5c"], authority.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Convert.ToBase64String(ca.Certificate.RawData), Assert.Single(authority.GetProperty("x5c").EnumerateArray()).GetString());
        using var caKey = ca.Certificate.GetECDsaPublicKey()!;
        var caJwk = JsonWebKey.FromECDsa(caKey);
        Assert.Equal(("EC", "P-256", caJwk.X, caJwk.Y), (Str(authority, "kty"), Str(authority, "crv"), Str(authority, "x"), Str(authority, "y")));

        // §4.2.2: JWT authorities carry their kid; use is set by the section whatever the key said.
        Assert.Equal(["j1", "j2", "w1"], keys[1..].Select(k => Str(k, "kid")));
        Assert.Equal(JwsAlgorithms.ES256, Str(keys[1], "alg"));
        Assert.False(keys[2].TryGetProperty("alg", out _));
        Assert.Equal(JsonWebKey.FromECDsa(wit).X, Str(keys[3], "x"));
    }

    [Fact]
    public void ToJson_RsaAuthority_WritesModulusAndExponent()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=rsa root", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(X509TestAuthority.Now, X509TestAuthority.Now.AddDays(1));
        var bundle = new SpiffeBundle(X509TestAuthority.Domain, [certificate], [], [], 1, TimeSpan.FromMinutes(5));

        using var document = JsonDocument.Parse(bundle.ToJson());

        var entry = Assert.Single(document.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(["kty", "n", "e", "use", "x5c"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal("RSA", Str(entry, "kty"));
        Assert.Equal(Base64Url.Encode(rsa.ExportParameters(false).Modulus!), Str(entry, "n"));
        Assert.Equal("AQAB", Str(entry, "e"));
    }

    [Fact]
    public void ToJson_NoKeys_EmptyKeysArray()
    {
        var bundle = new SpiffeBundle(X509TestAuthority.Domain, [], [], [], 0, TimeSpan.Zero);

        Assert.Equal("{\"keys\":[],\"spiffe_sequence\":0,\"spiffe_refresh_hint\":0}", bundle.ToJson());
    }

    [Fact]
    public void ToJson_JwtKeys_ReadBackIntoJwtBundlesByUse()
    {
        using var jwt = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wit = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var bundle = new SpiffeBundle(
            X509TestAuthority.Domain, [], [JsonWebKey.FromECDsa(jwt, "j1")], [JsonWebKey.FromECDsa(wit, "w1")], 3, TimeSpan.FromMinutes(5));

        using var document = JsonDocument.Parse(bundle.ToJson());
        var keys = document.RootElement.GetProperty("keys").Deserialize<List<JsonWebKey>>()!;

        Assert.Equal(["j1"], JwtBundle.FromJwks(X509TestAuthority.Domain, keys, SpiffeBundle.JwtSvidUse).KeyIds);
        Assert.Equal(["w1"], JwtBundle.FromJwks(X509TestAuthority.Domain, keys, SpiffeBundle.WitSvidUse).KeyIds);
    }

    [Fact]
    public void X509AuthoritiesPem_TwoAuthorities_BothCertificatesInOrder()
    {
        using var first = X509TestAuthority.CreateRoot();
        using var second = X509TestAuthority.CreateRoot();
        var bundle = new SpiffeBundle(X509TestAuthority.Domain, [first.Certificate, second.Certificate], [], [], 1, TimeSpan.FromMinutes(5));

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(bundle.X509AuthoritiesPem());

        Assert.Equal([first.Certificate.RawData, second.Certificate.RawData], certificates.Select(c => c.RawData));
    }

    private static string? Str(JsonElement element, string name) => element.GetProperty(name).GetString();
}
