using System.Security.Cryptography.X509Certificates;

namespace Aims.Core.Authority;

/// <summary>
/// A certificate's validity window (RFC 5280 §4.1.2.5) as UTC offsets; <see cref="X509Certificate2.NotBefore"/>
/// and <see cref="X509Certificate2.NotAfter"/> are local times.
/// </summary>
internal static class CertificateValidity
{
    public static DateTimeOffset NotBefore(X509Certificate2 certificate) => new(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>RFC 5280 §4.1.2.5: the window is inclusive at both ends.</summary>
    public static bool Contains(X509Certificate2 certificate, DateTimeOffset now) =>
        now >= NotBefore(certificate) && now <= NotAfter(certificate);
}
