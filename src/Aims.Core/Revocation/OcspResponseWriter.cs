using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;

namespace Aims.Core.Revocation;

/// <summary>Writes DER OCSPResponses (RFC 6960 §4.2.1): a signed BasicOCSPResponse, or an error status without one.</summary>
public static class OcspResponseWriter
{
    /// <summary>
    /// A successful response answering each CertID with its status, signed by <paramref name="signer"/> with its
    /// certificate included (so a client finds the signer without configuration), thisUpdate = producedAt = now,
    /// nextUpdate = now + <paramref name="validity"/>, and the request's nonce echoed when it had one to echo.
    /// </summary>
    public static byte[] Successful(
        OcspIssuer signer, IReadOnlyList<(OcspRequestItem Item, OcspCertStatus Status)> answers, byte[]? nonceExtensionValue, DateTimeOffset now, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        if (answers.Count == 0)
            throw new ArgumentException("A response answers at least one CertID.", nameof(answers));

        var thisUpdate = CrlSchedule.WholeSeconds(now).UtcDateTime;
        var nextUpdate = CrlSchedule.WholeSeconds(now + validity).UtcDateTime;
        var generator = new BasicOcspRespGenerator(signer.ResponderId);
        foreach (var (item, status) in answers)
            generator.AddResponse(item.CertId, ToCertificateStatus(status), thisUpdate, nextUpdate, null);
        if (nonceExtensionValue is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, nonceExtensionValue);
            generator.SetResponseExtensions(extensions.Generate());
        }

        var basic = generator.Generate(signer.SignatureFactory, [signer.Certificate], thisUpdate);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }

    /// <summary>An unsuccessful response: the status alone, unsigned (RFC 6960 §4.2.1, §2.3).</summary>
    public static byte[] Failure(OcspResponseStatus status)
    {
        if (status == OcspResponseStatus.Successful)
            throw new ArgumentException("A successful response carries answers; use Successful.", nameof(status));
        return new OCSPRespGenerator().Generate((int)status, null).GetEncoded();
    }

    private static CertificateStatus? ToCertificateStatus(OcspCertStatus status) => status.State switch
    {
        OcspCertState.Good => CertificateStatus.Good,
        OcspCertState.Revoked when status.Reason == RevocationReason.Unspecified =>
            new RevokedStatus(CrlSchedule.WholeSeconds(status.RevokedAt!.Value).UtcDateTime),
        OcspCertState.Revoked => new RevokedStatus(CrlSchedule.WholeSeconds(status.RevokedAt!.Value).UtcDateTime, (int)status.Reason),
        _ => new UnknownStatus(),
    };
}
