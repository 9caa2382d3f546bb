using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Aims.Core.Identity;

/// <summary>
/// A SPIFFE ID (SPIFFE-ID §2): <c>spiffe://trust-domain/path</c>, validated on construction so that an
/// instance is always well formed. It is also a WIMSE workload identifier (draft-ietf-wimse-identifier §4.1).
/// </summary>
public sealed class SpiffeId : IEquatable<SpiffeId>
{
    public const string Scheme = "spiffe://";

    /// <summary>SPIFFE-ID §2.3: implementations must support IDs up to 2048 bytes and should not make longer ones.</summary>
    public const int MaxLength = 2048;

    private readonly string _value;

    private SpiffeId(TrustDomain trustDomain, string path)
    {
        TrustDomain = trustDomain;
        Path = path;
        _value = Scheme + trustDomain.Name + path;
    }

    public TrustDomain TrustDomain { get; }

    /// <summary>The path, empty or starting with "/", e.g. <c>/agents/data-analyst</c>.</summary>
    public string Path { get; }

    public static SpiffeId Parse(string id) =>
        TryParse(id, out var spiffeId, out var error) ? spiffeId : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? id, [NotNullWhen(true)] out SpiffeId? spiffeId) =>
        TryParse(id, out spiffeId, out _);

    public static bool TryParse(
        [NotNullWhen(true)] string? id,
        [NotNullWhen(true)] out SpiffeId? spiffeId,
        [NotNullWhen(false)] out string? error)
    {
        spiffeId = null;
        var failure = Validate(id, out var trustDomainEnd);
        if (failure is not null)
        {
            error = failure;
            return false;
        }

        if (!TrustDomain.TryParse(id![Scheme.Length..trustDomainEnd], out var trustDomain, out error))
            return false;

        spiffeId = new SpiffeId(trustDomain, id[trustDomainEnd..]);
        return true;
    }

    /// <summary>True when this ID belongs to <paramref name="trustDomain"/>.</summary>
    public bool IsMemberOf(TrustDomain trustDomain) => TrustDomain == trustDomain;

    private static string? Validate(string? id, out int trustDomainEnd)
    {
        trustDomainEnd = 0;
        if (string.IsNullOrEmpty(id))
            return SpiffeIdErrors.Empty;
        if (Encoding.UTF8.GetByteCount(id) > MaxLength)
            return SpiffeIdErrors.TooLong;
        if (!id.StartsWith(Scheme, StringComparison.Ordinal))
            return id.StartsWith("spiffe:", StringComparison.OrdinalIgnoreCase) && !id.StartsWith("spiffe:", StringComparison.Ordinal)
                ? SpiffeIdErrors.SchemeNotLowercase
                : SpiffeIdErrors.WrongScheme;

        var rest = id.AsSpan(Scheme.Length);
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        if (authority.IsEmpty)
            return SpiffeIdErrors.MissingTrustDomain;

        foreach (var c in authority)
        {
            if (TrustDomain.IsTrustDomainChar(c))
                continue;
            return c switch
            {
                '@' => SpiffeIdErrors.UserInfo,
                ':' => SpiffeIdErrors.Port,
                '?' => SpiffeIdErrors.Query,
                '#' => SpiffeIdErrors.Fragment,
                '%' => SpiffeIdErrors.PercentEncoded,
                >= 'A' and <= 'Z' => SpiffeIdErrors.TrustDomainNotLowercase,
                _ => SpiffeIdErrors.BadTrustDomainChar(c),
            };
        }

        if (authority.Length > TrustDomain.MaxLength)
            return SpiffeIdErrors.TrustDomainTooLong;

        trustDomainEnd = Scheme.Length + authority.Length;
        return slash < 0 ? null : ValidatePath(rest[slash..]);
    }

    /// <summary>SPIFFE-ID §2.2: segments of [a-zA-Z0-9.-_], no empty, "." or ".." segment, no trailing "/".</summary>
    internal static string? ValidatePath(ReadOnlySpan<char> path)
    {
        if (path.Length == 1)
            return SpiffeIdErrors.TrailingSlash;

        var segmentStart = 1;
        for (var i = 1; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                var c = path[i];
                if (!IsPathChar(c))
                {
                    return c switch
                    {
                        '?' => SpiffeIdErrors.Query,
                        '#' => SpiffeIdErrors.Fragment,
                        '%' => SpiffeIdErrors.PercentEncoded,
                        _ => SpiffeIdErrors.BadPathChar(c),
                    };
                }

                continue;
            }

            var segment = path[segmentStart..i];
            if (segment.IsEmpty)
                return i == path.Length ? SpiffeIdErrors.TrailingSlash : SpiffeIdErrors.EmptySegment;
            if (segment is "." or "..")
                return SpiffeIdErrors.DotSegment;
            segmentStart = i + 1;
        }

        return null;
    }

    internal static bool IsPathChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_';

    public bool Equals(SpiffeId? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SpiffeId);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    public override string ToString() => _value;

    public static bool operator ==(SpiffeId? left, SpiffeId? right) => Equals(left, right);

    public static bool operator !=(SpiffeId? left, SpiffeId? right) => !Equals(left, right);
}
