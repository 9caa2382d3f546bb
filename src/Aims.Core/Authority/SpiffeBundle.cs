using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Authority;

/// <summary>
/// A SPIFFE trust bundle (SPIFFE Trust Domain and Bundle §4): the X.509 authorities, JWT-SVID keys and WIT
/// keys of one trust domain, with <c>spiffe_sequence</c> and <c>spiffe_refresh_hint</c>.
/// </summary>
public sealed record SpiffeBundle(
    TrustDomain TrustDomain,
    IReadOnlyList<X509Certificate2> X509Authorities,
    IReadOnlyList<JsonWebKey> JwtAuthorities,
    IReadOnlyList<JsonWebKey> WitAuthorities,
    long Sequence,
    TimeSpan RefreshHint)
{
    public const string X509SvidUse = "x509-svid";
    public const string JwtSvidUse = "jwt-svid";
    public const string WitSvidUse = "wit-svid";

    /// <summary>The bundle as a JWK Set document (Trust Domain and Bundle §4.1, §4.2).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var cert in X509Authorities)
                WriteX509Authority(writer, cert);
            foreach (var key in JwtAuthorities)
                WriteKey(writer, key with { Use = JwtSvidUse });
            foreach (var key in WitAuthorities)
                WriteKey(writer, key with { Use = WitSvidUse });
            writer.WriteEndArray();
            writer.WriteNumber("spiffe_sequence", Sequence);
            writer.WriteNumber("spiffe_refresh_hint", (long)Math.Ceiling(RefreshHint.TotalSeconds));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The X.509 authorities as a PEM bundle, for <c>openssl verify -CAfile</c> and TLS trust stores.</summary>
    public string X509AuthoritiesPem()
    {
        var builder = new StringBuilder();
        foreach (var cert in X509Authorities)
            builder.Append(cert.ExportCertificatePem()).Append('\n');
        return builder.ToString();
    }

    private static void WriteX509Authority(Utf8JsonWriter writer, X509Certificate2 cert)
    {
        // §4.2.1: use x509-svid, no kid, x5c with exactly one CA certificate.
        using var key = cert.GetECDsaPublicKey();
        writer.WriteStartObject();
        if (key is not null)
        {
            var jwk = JsonWebKey.FromECDsa(key);
            writer.WriteString("kty", jwk.Kty);
            writer.WriteString("crv", jwk.Crv);
            writer.WriteString("x", jwk.X);
            writer.WriteString("y", jwk.Y);
        }
        else
        {
            using var rsa = cert.GetRSAPublicKey() ?? throw new CryptographicException("X.509 authority key must be EC or RSA.");
            var p = rsa.ExportParameters(false);
            writer.WriteString("kty", "RSA");
            writer.WriteString("n", Base64Url.Encode(p.Modulus));
            writer.WriteString("e", Base64Url.Encode(p.Exponent));
        }

        writer.WriteString("use", X509SvidUse);
        writer.WriteStartArray("x5c");
        writer.WriteStringValue(Convert.ToBase64String(cert.RawData));
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteKey(Utf8JsonWriter writer, JsonWebKey key)
    {
        writer.WriteStartObject();
        writer.WriteString("kty", key.Kty);
        if (key.Crv is not null)
            writer.WriteString("crv", key.Crv);
        if (key.X is not null)
            writer.WriteString("x", key.X);
        if (key.Y is not null)
            writer.WriteString("y", key.Y);
        writer.WriteString("kid", key.Kid);
        writer.WriteString("use", key.Use);
        if (key.Alg is not null)
            writer.WriteString("alg", key.Alg);
        writer.WriteEndObject();
    }
}
