using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.Credentials;

/// <summary>
/// The one validity-window predicate for every credential (JWT-SVID, WIT-SVID, X509-SVID): a credential is
/// current from <c>notBefore - skew</c> until, exclusively, <c>notAfter + skew</c> (RFC 7519 §4.1.4, §4.1.5).
/// </summary>
public static class CredentialValidationWindow
{
    /// <summary>WIT-SVID §3.4 allows "seconds to at most a couple of minutes" of leeway; 30 s is our default.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);

    public static bool HasExpired(DateTimeOffset notAfter, DateTimeOffset now, TimeSpan clockSkew) => notAfter - now <= -clockSkew;

    public static bool IsNotYetValid(DateTimeOffset notBefore, DateTimeOffset now, TimeSpan clockSkew) => notBefore - now > clockSkew;

    /// <summary>
    /// Checks <paramref name="now"/> against the window; on failure <paramref name="error"/> is
    /// <see cref="CredentialErrors.Expired"/> or <see cref="CredentialErrors.NotYetValid"/>.
    /// </summary>
    public static bool IsCurrent(DateTimeOffset? notBefore, DateTimeOffset notAfter, DateTimeOffset now, TimeSpan clockSkew,
        [NotNullWhen(false)] out string? error, [NotNullWhen(false)] out string? detail)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockSkew, TimeSpan.Zero);
        if (HasExpired(notAfter, now, clockSkew))
        {
            error = CredentialErrors.Expired;
            detail = $"expired at {notAfter:O} (now {now:O}, clock skew {clockSkew.TotalSeconds:0} s); obtain a fresh credential";
            return false;
        }

        if (notBefore is { } start && IsNotYetValid(start, now, clockSkew))
        {
            error = CredentialErrors.NotYetValid;
            detail = $"not valid before {start:O} (now {now:O}, clock skew {clockSkew.TotalSeconds:0} s); check the clocks of issuer and validator";
            return false;
        }

        error = null;
        detail = null;
        return true;
    }
}
