using System.Diagnostics.CodeAnalysis;
using System.Text;
using Aims.Core.Identity;

namespace Aims.Core.Wimse;

/// <summary>
/// Checks a WIMSE Workload Identifier (draft-ietf-wimse-identifier §4.1): an absolute URI with a non-empty authority
/// that is the trust domain, without query, fragment, user information or port, at most 2048 bytes. A <c>spiffe</c>
/// URI must also be a SPIFFE ID (SPIFFE-ID §2). Compared as the whole string, never normalized.
/// </summary>
public static class WorkloadIdentifier
{
    /// <summary>draft-ietf-wimse-identifier §4.1: supported up to, and SHOULD NOT exceed, 2048 bytes.</summary>
    public const int MaxBytes = 2048;

    /// <summary>The trust domain of <paramref name="identifier"/>, or why it is not a Workload Identifier.</summary>
    public static bool TryGetTrustDomain(string? identifier, [NotNullWhen(true)] out TrustDomain? trustDomain, [NotNullWhen(false)] out string? error)
    {
        trustDomain = null;
        if (string.IsNullOrEmpty(identifier))
            return Fail("a Workload Identifier must not be empty", out error);
        if (Encoding.UTF8.GetByteCount(identifier) > MaxBytes)
            return Fail($"a Workload Identifier must be at most {MaxBytes} bytes (draft-ietf-wimse-identifier §4.1)", out error);
        if (identifier.StartsWith(SpiffeId.Scheme, StringComparison.Ordinal))
        {
            if (!SpiffeId.TryParse(identifier, out var spiffeId, out var spiffeError))
                return Fail($"not a SPIFFE ID: {spiffeError}", out error);
            trustDomain = spiffeId.TrustDomain;
            error = null;
            return true;
        }

        var separator = identifier.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !IsScheme(identifier.AsSpan(0, separator)))
            return Fail("a Workload Identifier must be an absolute URI with an authority, scheme://trust-domain/path (draft-ietf-wimse-identifier §4.1)", out error);
        if (identifier.AsSpan().IndexOfAny('?', '#') >= 0)
            return Fail("a Workload Identifier must not contain a query or fragment (draft-ietf-wimse-identifier §4.1)", out error);
        foreach (var c in identifier)
        {
            if (c <= ' ' || c >= 0x7F)
                return Fail("a Workload Identifier must be a URI of printable ASCII characters (RFC 3986 §2)", out error);
        }

        var rest = identifier.AsSpan(separator + 3);
        var end = rest.IndexOf('/');
        var authority = end < 0 ? rest : rest[..end];
        if (authority.IndexOf('@') >= 0)
            return Fail("a Workload Identifier must not contain user information (draft-ietf-wimse-identifier §4.1)", out error);
        if (authority.IndexOfAny(':', '[') >= 0)
            return Fail("a Workload Identifier must not contain a port or an IP literal: its authority is the trust domain (draft-ietf-wimse-identifier §4.1)", out error);
        if (!TrustDomain.TryParse(authority.ToString(), out trustDomain, out var domainError))
            return Fail($"the authority of a Workload Identifier is its trust domain, and '{authority}' is not one: {domainError}", out error);

        error = null;
        return true;
    }

    /// <summary>RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).</summary>
    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
            return false;
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
                return false;
        }

        return true;
    }

    private static bool Fail(string text, out string? error)
    {
        error = text;
        return false;
    }
}
