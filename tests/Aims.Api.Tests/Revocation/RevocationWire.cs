using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Aims.Api.Tests.Revocation;

/// <summary>The revocation endpoints as a relying party uses them: raw DER in and out, read with BouncyCastle.</summary>
internal static class RevocationWire
{
    public const string OcspRequestType = "application/ocsp-request";
    public const string OcspResponseType = "application/ocsp-response";

    /// <summary>An agent attested with a CSR: its id, its X509-SVID leaf, and the trust domain's CA (the bundle's root).</summary>
    public static async Task<Issued> IssueAsync(AimsApiFixture fixture, string name = "revocation")
    {
        using var key = new AgentKey();
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, name);
        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, csr: key.CsrPem(), jwk: key.PublicJwk()));
        var json = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(json.GetProperty("x509_svid").GetString()!);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(json.GetProperty("trust_bundle").GetString()!);
        var leaf = chain[0];
        var ca = roots.Cast<X509Certificate2>().Single(r => r.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData));
        return new Issued(id, leaf, ca, leaf.SerialNumber.ToLowerInvariant());
    }

    public static async Task<JsonElement> RevokeAsync(HttpClient operatorClient, string agentId, string credentialId, string? reasonCode = null)
    {
        var body = new JsonObject { ["reason"] = "operator revoked it in a test" };
        if (reasonCode is not null)
            body["reason_code"] = reasonCode;
        using var response = await operatorClient.PostAsync($"/v1/agents/{Wire.Encode(agentId)}/credentials/{credentialId}/revoke", Wire.Json(body));
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    public static Org.BouncyCastle.X509.X509Certificate Bc(X509Certificate2 certificate) => new X509CertificateParser().ReadCertificate(certificate.RawData);

    public static CertificateID CertId(X509Certificate2 issuer, string serialHex) =>
        new(new AlgorithmIdentifier(OiwObjectIdentifiers.IdSha1, DerNull.Instance), Bc(issuer), new BigInteger(serialHex, 16));

    public static byte[] OcspRequest(X509Certificate2 issuer, byte[]? nonce, params string[] serialsHex)
    {
        var generator = new OcspReqGenerator();
        foreach (var serial in serialsHex)
            generator.AddRequest(CertId(issuer, serial));
        if (nonce is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
            generator.SetRequestExtensions(extensions.Generate());
        }

        return generator.Generate().GetEncoded();
    }

    public static async Task<OcspResp> PostOcspAsync(HttpClient client, byte[] request)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue(OcspRequestType);
        using var response = await client.PostAsync("/ocsp", content);
        return await ReadOcspAsync(response);
    }

    public static async Task<OcspResp> ReadOcspAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"OCSP answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal(OcspResponseType, response.Content.Headers.ContentType?.MediaType);
        return new OcspResp(body);
    }

    /// <summary>A successful response signed by <paramref name="ca"/>: its BasicOCSPResponse.</summary>
    public static BasicOcspResp Basic(OcspResp response, X509Certificate2 ca)
    {
        Assert.Equal(OcspRespStatus.Successful, response.Status);
        var basic = Assert.IsType<BasicOcspResp>(response.GetResponseObject());
        Assert.True(basic.Verify(Bc(ca).GetPublicKey()), "the OCSP response is not signed by the CA");
        return basic;
    }

    public static async Task<(X509Crl Crl, HttpResponseMessage Response)> GetCrlAsync(HttpClient client, X509Certificate2 ca, string path = "/crl")
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        var crl = new X509CrlParser().ReadCrl(body);
        crl.Verify(Bc(ca).GetPublicKey());
        Assert.Equal(Bc(ca).SubjectDN, crl.IssuerDN);
        return (crl, response);
    }

    public static long CrlNumber(X509Crl crl) =>
        DerInteger.GetInstance(Asn1Object.FromByteArray(crl.GetExtensionValue(X509Extensions.CrlNumber).GetOctets())).LongValueExact;

    public static X509CrlEntry? Entry(X509Crl crl, string serialHex) =>
        crl.GetRevokedCertificates()?.FirstOrDefault(e => e.SerialNumber.Equals(new BigInteger(serialHex, 16)));

    public static int? ReasonCode(X509CrlEntry entry) =>
        entry.GetExtensionValue(X509Extensions.ReasonCode) is { } value
            ? CrlReason.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact
            : null;

    public sealed record Issued(string AgentId, X509Certificate2 Leaf, X509Certificate2 Ca, string Serial);
}
