using System.Diagnostics.CodeAnalysis;
using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>
/// The <c>match</c> of a policy rule: an exact SPIFFE ID, or one whose path uses <c>*</c> for exactly one segment and a
/// final <c>**</c> for one or more segments, e.g. <c>spiffe://aims.local/agents/*</c>. The trust domain is always
/// literal: an identity in one trust domain says nothing about another (SPIFFE-ID §4).
/// </summary>
public sealed class SpiffeIdPattern : IEquatable<SpiffeIdPattern>
{
    private const string OneSegment = "*";
    private const string OneOrMoreSegments = "**";

    private readonly string _text;
    private readonly string[] _segments;

    private SpiffeIdPattern(string text, TrustDomain trustDomain, string[] segments)
    {
        _text = text;
        TrustDomain = trustDomain;
        _segments = segments;
    }

    public TrustDomain TrustDomain { get; }

    public static SpiffeIdPattern Parse(string pattern) =>
        TryParse(pattern, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(
        [NotNullWhen(true)] string? pattern,
        [NotNullWhen(true)] out SpiffeIdPattern? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrEmpty(pattern))
        {
            error = PolicyErrors.PatternEmpty;
            return false;
        }

        if (!TryReadSegments(pattern, out var segments, out var standIn, out error))
            return false;

        // The literal parts obey SPIFFE-ID §2 exactly: each wildcard is stood in for by letters of the same length,
        // so the ID rules (characters, dot and empty segments, trailing "/", §2.3 length) check everything else.
        if (!SpiffeId.TryParse(standIn, out var id, out error))
            return false;

        result = new SpiffeIdPattern(pattern, id.TrustDomain, segments);
        return true;
    }

    public bool Matches(SpiffeId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.TrustDomain != TrustDomain)
            return false;

        string[] idSegments = id.Path.Length == 0 ? [] : id.Path[1..].Split('/');
        var openEnded = _segments is [.., OneOrMoreSegments];
        var fixedCount = openEnded ? _segments.Length - 1 : _segments.Length;
        if (openEnded ? idSegments.Length <= fixedCount : idSegments.Length != fixedCount)
            return false;

        // SPIFFE-ID §2.4: the path is case-sensitive.
        for (var i = 0; i < fixedCount; i++)
        {
            if (!string.Equals(_segments[i], OneSegment, StringComparison.Ordinal)
                && !string.Equals(_segments[i], idSegments[i], StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    private static bool TryReadSegments(
        string pattern,
        out string[] segments,
        out string standIn,
        [NotNullWhen(false)] out string? error)
    {
        segments = [];
        standIn = pattern;
        error = null;
        if (!pattern.StartsWith(SpiffeId.Scheme, StringComparison.Ordinal))
            return true;

        var rest = pattern[SpiffeId.Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        if (authority.Contains('*', StringComparison.Ordinal))
        {
            error = PolicyErrors.PatternWildcardTrustDomain;
            return false;
        }

        if (slash < 0)
            return true;

        segments = rest[(slash + 1)..].Split('/');
        var standInSegments = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            standInSegments[i] = segment;
            if (!segment.Contains('*', StringComparison.Ordinal))
                continue;

            if (segment is not (OneSegment or OneOrMoreSegments))
            {
                error = PolicyErrors.PatternPartialWildcard(segment);
                return false;
            }

            if (segment is OneOrMoreSegments && i != segments.Length - 1)
            {
                error = PolicyErrors.PatternDoubleWildcardNotLast;
                return false;
            }

            standInSegments[i] = new string('x', segment.Length);
        }

        standIn = SpiffeId.Scheme + authority + "/" + string.Join('/', standInSegments);
        return true;
    }

    public bool Equals(SpiffeIdPattern? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SpiffeIdPattern);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    public override string ToString() => _text;

    public static bool operator ==(SpiffeIdPattern? left, SpiffeIdPattern? right) => Equals(left, right);

    public static bool operator !=(SpiffeIdPattern? left, SpiffeIdPattern? right) => !Equals(left, right);
}
