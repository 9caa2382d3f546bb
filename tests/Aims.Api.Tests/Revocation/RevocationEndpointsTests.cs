using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;

namespace Aims.Api.Tests.Revocation;

/// <summary><c>GET /crl</c> and <c>POST /ocsp</c> through the real HTTP pipeline, read the way a relying party reads them.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class RevocationEndpointsTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Crl_AfterARevocation_NextNumberSignedByTheCaListsTheSerialWithItsReason()
    {
        var issued = await RevocationWire.IssueAsync(fixture);
        var (before, _) = await RevocationWire.GetCrlAsync(fixture.Anonymous, issued.Ca);
        Assert.Null(RevocationWire.Entry(before, issued.Serial));

        await RevocationWire.RevokeAsync(fixture.Operator, issued.AgentId, issued.Serial, "key_compromise");
        var (after, response) = await RevocationWire.GetCrlAsync(fixture.Anonymous, issued.Ca);

        Assert.True(RevocationWire.CrlNumber(after) > RevocationWire.CrlNumber(before));
        var entry = RevocationWire.Entry(after, issued.Serial);
        Assert.NotNull(entry);
        Assert.Equal(1, RevocationWire.ReasonCode(entry));
        Assert.Equal("1.2.840.10045.4.3.2", after.SigAlgOid);
        Assert.True(after.NextUpdate > after.ThisUpdate);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Crl_UnchangedWithItsEtag_NotModified()
    {
        var issued = await RevocationWire.IssueAsync(fixture);
        var (_, first) = await RevocationWire.GetCrlAsync(fixture.Anonymous, issued.Ca);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/crl");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await fixture.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task CrlByKid_TheActiveCasSerial_IsThatCasCrl()
    {
        var issued = await RevocationWire.IssueAsync(fixture);

        var (crl, _) = await RevocationWire.GetCrlAsync(fixture.Anonymous, issued.Ca, "/crl/" + issued.Ca.SerialNumber);

        Assert.NotNull(crl);
    }

    [Theory]
    [InlineData("/crl/0123456789abcdef", HttpStatusCode.NotFound)]
    [InlineData("/crl/not-hex", HttpStatusCode.BadRequest)]
    [InlineData("/crl/00112233445566778899001122334455667788990", HttpStatusCode.BadRequest)]
    public async Task CrlByKid_NotOneOfOurCas_ProblemSaysSo(string path, HttpStatusCode status)
    {
        using var response = await fixture.Anonymous.GetAsync(path);

        var detail = await Wire.AssertProblemAsync(response, status);
        Assert.Contains("/crl", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ocsp_GoodThenRevoked_SignedByTheCaWithNonceEchoed()
    {
        var issued = await RevocationWire.IssueAsync(fixture);
        var nonce = Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToArray();

        var good = RevocationWire.Basic(await RevocationWire.PostOcspAsync(fixture.Anonymous, RevocationWire.OcspRequest(issued.Ca, nonce, issued.Serial)), issued.Ca);
        await RevocationWire.RevokeAsync(fixture.Operator, issued.AgentId, issued.Serial, "superseded");
        var revoked = RevocationWire.Basic(await RevocationWire.PostOcspAsync(fixture.Anonymous, RevocationWire.OcspRequest(issued.Ca, nonce, issued.Serial)), issued.Ca);

        Assert.Null(Assert.Single(good.Responses).GetCertStatus());
        var status = Assert.IsType<RevokedStatus>(Assert.Single(revoked.Responses).GetCertStatus());
        Assert.Equal(4, status.RevocationReason);
        Assert.Equal(nonce, Asn1OctetString.GetInstance(Asn1Object.FromByteArray(revoked.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce).GetOctets())).GetOctets());
        Assert.True(Assert.Single(revoked.Responses).NextUpdate > revoked.ProducedAt);
    }

    [Fact]
    public async Task OcspGet_Base64UrlEncodedRequest_AnswersLikePost()
    {
        var issued = await RevocationWire.IssueAsync(fixture);
        var encoded = Uri.EscapeDataString(Convert.ToBase64String(RevocationWire.OcspRequest(issued.Ca, null, issued.Serial)));

        using var response = await fixture.Anonymous.GetAsync("/ocsp/" + encoded);

        var basic = RevocationWire.Basic(await RevocationWire.ReadOcspAsync(response), issued.Ca);
        Assert.Null(Assert.Single(basic.Responses).GetCertStatus());
    }

    [Fact]
    public async Task Ocsp_UnknownSerialOfOurCa_Unknown()
    {
        var issued = await RevocationWire.IssueAsync(fixture);

        var basic = RevocationWire.Basic(await RevocationWire.PostOcspAsync(fixture.Anonymous, RevocationWire.OcspRequest(issued.Ca, null, "7e57c0de")), issued.Ca);

        Assert.IsType<UnknownStatus>(Assert.Single(basic.Responses).GetCertStatus());
    }

    [Fact]
    public async Task Ocsp_CompromiseReturned_CrlAndOcspBothSayRevokedAtOnce()
    {
        var issued = await RevocationWire.IssueAsync(fixture);

        using var compromise = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(issued.AgentId)}/compromise", Wire.Json(new JsonObject { ["reason"] = "key seen on a paste site" }));
        await Wire.AssertJsonAsync(compromise, HttpStatusCode.OK);

        var (crl, _) = await RevocationWire.GetCrlAsync(fixture.Anonymous, issued.Ca);
        Assert.Equal(1, RevocationWire.ReasonCode(RevocationWire.Entry(crl, issued.Serial)!));
        var basic = RevocationWire.Basic(await RevocationWire.PostOcspAsync(fixture.Anonymous, RevocationWire.OcspRequest(issued.Ca, null, issued.Serial)), issued.Ca);
        Assert.Equal(1, Assert.IsType<RevokedStatus>(Assert.Single(basic.Responses).GetCertStatus()).RevocationReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3003020101")]
    [InlineData("deadbeef")]
    public async Task Ocsp_NotAnOcspRequest_MalformedRequestStatus(string hex)
    {
        var response = await RevocationWire.PostOcspAsync(fixture.Anonymous, Convert.FromHexString(hex));

        Assert.Equal(OcspRespStatus.MalformedRequest, response.Status);
        Assert.Null(response.GetResponseObject());
    }

    [Fact]
    public async Task OcspGet_NotBase64_MalformedRequestStatus()
    {
        using var response = await fixture.Anonymous.GetAsync("/ocsp/%25%25not-base64");

        Assert.Equal(OcspRespStatus.MalformedRequest, (await RevocationWire.ReadOcspAsync(response)).Status);
    }

    [Fact]
    public async Task Ocsp_OnlyAForeignCa_Unauthorized()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var foreign = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=foreign", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var response = await RevocationWire.PostOcspAsync(fixture.Anonymous, RevocationWire.OcspRequest(foreign, null, "01"));

        Assert.Equal(OcspRespStatus.Unauthorized, response.Status);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task Ocsp_WrongContentType_UnsupportedMediaTypeNamingTheRightOne(string? contentType)
    {
        var issued = await RevocationWire.IssueAsync(fixture);
        using var content = new ByteArrayContent(RevocationWire.OcspRequest(issued.Ca, null, issued.Serial));
        if (contentType is not null)
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        using var response = await fixture.Anonymous.PostAsync("/ocsp", content);

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains(RevocationWire.OcspRequestType, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ocsp_Oversized_PayloadTooLarge(bool announced)
    {
        var body = new byte[Core.Revocation.OcspLimits.MaxRequestBytes + 1];
        HttpContent content = announced ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(RevocationWire.OcspRequestType);
        if (!announced)
            content.Headers.ContentLength = null;

        using var response = await fixture.Anonymous.PostAsync("/ocsp", content);

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("16384", detail, StringComparison.Ordinal);
        content.Dispose();
    }
}
