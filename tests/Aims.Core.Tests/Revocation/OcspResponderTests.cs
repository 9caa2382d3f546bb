using Aims.Core.Authority;
using Aims.Core.Revocation;
using Aims.Core.Tests.Credentials;
using Org.BouncyCastle.Ocsp;

namespace Aims.Core.Tests.Revocation;

/// <summary>Reading OCSP requests and writing signed responses (RFC 6960), checked as a BouncyCastle client reads them.</summary>
public sealed class OcspResponderTests
{
    private static readonly DateTimeOffset Now = X509TestAuthority.Now.AddMilliseconds(400);

    [Fact]
    public void TryParse_RequestWithTwoCertIdsAndNonce_ReadsSerialsAndNonce()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var nonce = new byte[16];
        nonce[0] = 0x42;

        Assert.True(OcspRequest.TryParse(OcspWire.Request(nonce, OcspWire.CertId(ca, "0a0b"), OcspWire.CertId(ca, "7f")), out var request, out var error), error);

        Assert.Equal(["0a0b", "7f"], request!.Items.Select(i => i.SerialNumberHex));
        Assert.NotNull(request.NonceExtensionValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("3003020101")]
    [InlineData("not der at all")]
    public void TryParse_NotAnOcspRequest_FailsWithTheReason(string body)
    {
        var der = IsHex(body) ? Convert.FromHexString(body) : System.Text.Encoding.ASCII.GetBytes(body);

        Assert.False(OcspRequest.TryParse(der, out var request, out var error));
        Assert.Null(request);
        Assert.Contains("OCSP", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TenThousandMutatedRequests_NeverThrowsAndEachParsedOneCanBeAnswered()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var valid = OcspWire.Request(new byte[16], OcspWire.CertId(ca, "0a0b"), OcspWire.CertId(ca, "0c", OcspWire.Sha256));
        var issuer = new OcspIssuer("kid", ca);
        var random = new Random(20261129);

        for (var i = 0; i < 10_000; i++)
        {
            var mutated = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            if (i % 7 == 0)
                mutated = mutated[..random.Next(mutated.Length)];

            // Whatever the bytes, the answer is data (parsed or refused with a reason), never an exception.
            if (OcspRequest.TryParse(mutated, out var request, out var error))
            {
                Assert.All(request!.Items, item => issuer.Issued(item));
                Assert.NotEmpty(OcspResponseWriter.Successful(
                    issuer, [.. request.Items.Select(item => (item, OcspCertStatus.Unknown))], request.NonceExtensionValue, Now, TimeSpan.FromMinutes(5)));
            }
            else
                Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void TryParse_TrailingBytes_Fails()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var der = OcspWire.Request(null, OcspWire.CertId(ca, "01"));

        Assert.False(OcspRequest.TryParse([.. der, 0x00], out _, out _));
    }

    [Fact]
    public void TryParse_TooManyCertIds_FailsNamingTheLimit()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var ids = Enumerable.Range(1, OcspLimits.MaxCertificates + 1).Select(i => OcspWire.CertId(ca, i.ToString("x2"))).ToArray();

        Assert.False(OcspRequest.TryParse(OcspWire.Request(null, ids), out _, out var error));
        Assert.Contains(OcspLimits.MaxCertificates.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_SerialLongerThan20Octets_HasNoSerialToLookUp()
    {
        using var ca = X509TestAuthority.CreateRoot();

        Assert.True(OcspRequest.TryParse(OcspWire.Request(null, OcspWire.CertId(ca, new string('7', 42))), out var request, out _));

        Assert.Null(Assert.Single(request!.Items).SerialNumberHex);
    }

    [Fact]
    public void Issued_Sha1AndSha256CertIdsOfTheCa_MatchAndAnotherCasDoNot()
    {
        using var ca = X509TestAuthority.CreateRoot();
        using var other = X509TestAuthority.CreateRoot();
        var issuer = new OcspIssuer("kid", ca);

        Assert.True(OcspRequest.TryParse(
            OcspWire.Request(null, OcspWire.CertId(ca, "01"), OcspWire.CertId(ca, "01", OcspWire.Sha256), OcspWire.CertId(other, "01")), out var request, out _));

        Assert.Equal([true, true, false], request!.Items.Select(issuer.Issued));
    }

    [Fact]
    public void Successful_GoodRevokedUnknown_IsSignedByTheCaAndAnswersEachCertId()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var nonce = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        Assert.True(OcspRequest.TryParse(OcspWire.Request(nonce, OcspWire.CertId(ca, "0a"), OcspWire.CertId(ca, "0b"), OcspWire.CertId(ca, "0c", OcspWire.Sha256)), out var request, out _));
        var revokedAt = Now.AddMinutes(-3);

        var der = OcspResponseWriter.Successful(
            new OcspIssuer("kid", ca),
            [
                (request!.Items[0], OcspCertStatus.Good),
                (request.Items[1], OcspCertStatus.Revoked(revokedAt, RevocationReason.KeyCompromise)),
                (request.Items[2], OcspCertStatus.Unknown),
            ],
            request.NonceExtensionValue, Now, TimeSpan.FromMinutes(5));

        var basic = OcspWire.Basic(der, ca);
        Assert.Equal("1.2.840.10045.4.3.2", basic.SignatureAlgorithm.Algorithm.Id);
        Assert.Equal(Now.UtcDateTime.AddMilliseconds(-400), basic.ProducedAt);
        Assert.Equal(nonce, OcspWire.Nonce(basic));
        Assert.Equal(ca.Certificate.RawData, Assert.Single(basic.GetCerts()).GetEncoded());
        Assert.Equal(new RespID(OcspWire.Bc(ca).GetPublicKey()), basic.ResponderId);
        var responses = basic.Responses;
        Assert.Equal(["a", "b", "c"], responses.Select(r => r.GetCertID().SerialNumber.ToString(16)));
        Assert.Equal(OcspWire.Sha256, responses[2].GetCertID().HashAlgOid);
        Assert.Null(responses[0].GetCertStatus());
        var revoked = Assert.IsType<RevokedStatus>(responses[1].GetCertStatus());
        Assert.Equal(revokedAt.UtcDateTime.AddMilliseconds(-400), revoked.RevocationTime);
        Assert.Equal(1, revoked.RevocationReason);
        Assert.IsType<UnknownStatus>(responses[2].GetCertStatus());
        Assert.All(responses, r =>
        {
            Assert.Equal(basic.ProducedAt, r.ThisUpdate);
            Assert.Equal(basic.ProducedAt.AddMinutes(5), r.NextUpdate);
        });
    }

    [Fact]
    public void Successful_RevokedWithoutReason_HasNoReasonCode()
    {
        using var ca = X509TestAuthority.CreateRoot();
        Assert.True(OcspRequest.TryParse(OcspWire.Request(null, OcspWire.CertId(ca, "0a")), out var request, out _));

        var der = OcspResponseWriter.Successful(
            new OcspIssuer("kid", ca), [(request!.Items[0], OcspCertStatus.Revoked(Now, RevocationReason.Unspecified))], null, Now, TimeSpan.FromMinutes(5));

        var basic = OcspWire.Basic(der, ca);
        Assert.False(Assert.IsType<RevokedStatus>(Assert.Single(basic.Responses).GetCertStatus()).HasRevocationReason);
        Assert.Null(OcspWire.Nonce(basic));
    }

    [Fact]
    public void Successful_NonceLongerThan32Octets_IsNotEchoed()
    {
        using var ca = X509TestAuthority.CreateRoot();

        Assert.True(OcspRequest.TryParse(OcspWire.Request(new byte[33], OcspWire.CertId(ca, "0a")), out var request, out _));

        Assert.Null(request!.NonceExtensionValue);
    }

    [Fact]
    public void Successful_P384Ca_SignsWithEcdsaSha384()
    {
        using var ca = X509TestAuthority.CreateRoot(curve: System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        Assert.True(OcspRequest.TryParse(OcspWire.Request(null, OcspWire.CertId(ca, "0a")), out var request, out _));

        var der = OcspResponseWriter.Successful(new OcspIssuer("kid", ca), [(request!.Items[0], OcspCertStatus.Good)], null, Now, TimeSpan.FromMinutes(5));

        Assert.Equal("1.2.840.10045.4.3.3", OcspWire.Basic(der, ca).SignatureAlgorithm.Algorithm.Id);
    }

    [Theory]
    [InlineData(OcspResponseStatus.MalformedRequest, 1)]
    [InlineData(OcspResponseStatus.InternalError, 2)]
    [InlineData(OcspResponseStatus.Unauthorized, 6)]
    public void Failure_Status_IsAnUnsignedResponseWithThatStatus(OcspResponseStatus status, int code)
    {
        var response = new OcspResp(OcspResponseWriter.Failure(status));

        Assert.Equal(code, response.Status);
        Assert.Null(response.GetResponseObject());
    }

    [Fact]
    public void Failure_Successful_Throws() =>
        Assert.Throws<ArgumentException>(() => OcspResponseWriter.Failure(OcspResponseStatus.Successful));

    private static bool IsHex(string s) => s.Length % 2 == 0 && s.All(Uri.IsHexDigit);
}
