using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.OAuth;

/// <summary>
/// A validated OAuth scope (RFC 6749 §3.3): distinct scope-tokens of NQCHARs, kept in ordinal order so that two
/// sets with the same tokens are equal and print the same. <see cref="ToString"/> is the space-delimited wire form.
/// </summary>
public sealed class ScopeSet : IEquatable<ScopeSet>, IReadOnlyCollection<string>
{
    /// <summary>Distinct scope-tokens one request or token may carry.</summary>
    public const int MaxScopes = 64;

    /// <summary>Characters of the whole scope string.</summary>
    public const int MaxLength = 1024;

    private readonly string[] _scopes;
    private string? _text;

    private ScopeSet(string[] sortedDistinct, string? text)
    {
        _scopes = sortedDistinct;
        _text = text;
    }

    public static ScopeSet Empty { get; } = new([], string.Empty);

    public int Count => _scopes.Length;

    public bool IsEmpty => _scopes.Length == 0;

    /// <exception cref="FormatException">The text is not a valid scope (RFC 6749 §3.3).</exception>
    public static ScopeSet Parse(string? text) =>
        TryParse(text, out var scopes, out var error) ? scopes : throw new FormatException(error);

    /// <summary>
    /// Parses <c>scope = scope-token *( SP scope-token )</c>, <c>scope-token = 1*NQCHAR</c> (RFC 6749 §3.3). Null and
    /// the empty string are the empty set: a parameter sent without a value is treated as omitted (RFC 6749 §3.2).
    /// Repeated tokens are kept once; their order does not matter.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ScopeSet? scopes, [NotNullWhen(false)] out string? error)
    {
        scopes = null;
        if (string.IsNullOrEmpty(text))
        {
            scopes = Empty;
            error = null;
            return true;
        }

        if (text.Length > MaxLength)
        {
            error = $"scope is {text.Length} characters long; at most {MaxLength} are accepted";
            return false;
        }

        var tokens = new List<string>(4);
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != ' ')
            {
                if (!IsScopeChar(text[i]))
                {
                    error = $"scope has a character (U+{(int)text[i]:X4}) at position {i} outside the NQCHAR set %x21 / %x23-5B / %x5D-7E (RFC 6749 §3.3)";
                    return false;
                }

                continue;
            }

            if (i == start)
            {
                error = "scope must be scope-tokens separated by single spaces, without leading, trailing or double spaces (RFC 6749 §3.3)";
                return false;
            }

            tokens.Add(text[start..i]);
            start = i + 1;
        }

        var sorted = SortDistinct(tokens);
        if (sorted.Length > MaxScopes)
        {
            error = $"scope has {sorted.Length} distinct scope-tokens; at most {MaxScopes} are accepted";
            return false;
        }

        // The text is already canonical when it was sorted and free of repeats; keep it rather than join again.
        scopes = new ScopeSet(sorted, sorted.Length == tokens.Count && IsInOrder(tokens) ? text : null);
        error = null;
        return true;
    }

    /// <summary>A set of already separate scope-tokens, e.g. from policy or a stored grant.</summary>
    /// <exception cref="ArgumentException">A token is empty, has a character outside NQCHAR, or there are too many.</exception>
    public static ScopeSet Create(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var tokens = new List<string>();
        foreach (var scope in scopes)
        {
            if (string.IsNullOrEmpty(scope) || !IsScopeToken(scope))
                throw new ArgumentException($"'{scope}' is not a scope-token of NQCHARs (RFC 6749 §3.3).", nameof(scopes));
            tokens.Add(scope);
        }

        var sorted = SortDistinct(tokens);
        if (sorted.Length > MaxScopes)
            throw new ArgumentException($"{sorted.Length} distinct scopes; at most {MaxScopes} are accepted.", nameof(scopes));
        return sorted.Length == 0 ? Empty : new ScopeSet(sorted, null);
    }

    /// <summary>NQCHAR of RFC 6749 App. A: %x21 / %x23-5B / %x5D-7E, i.e. printable ASCII without space, '"' and '\'.</summary>
    public static bool IsScopeChar(char c) => c is >= '\x21' and <= '\x7E' and not '"' and not '\\';

    public bool Contains(string scope) => scope is not null && Array.BinarySearch(_scopes, scope, StringComparer.Ordinal) >= 0;

    /// <summary>True when every scope of this set is also in <paramref name="other"/> (the empty set is a subset of any).</summary>
    public bool IsSubsetOf(ScopeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_scopes.Length > other._scopes.Length)
            return false;

        var j = 0;
        foreach (var scope in _scopes)
        {
            while (j < other._scopes.Length && string.CompareOrdinal(other._scopes[j], scope) < 0)
                j++;
            if (j == other._scopes.Length || !string.Equals(other._scopes[j], scope, StringComparison.Ordinal))
                return false;
            j++;
        }

        return true;
    }

    /// <summary>The scopes in both sets: what a request is granted when policy allows <paramref name="other"/>.</summary>
    public ScopeSet Intersect(ScopeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsSubsetOf(other))
            return this;
        if (other.IsSubsetOf(this))
            return other;

        var common = new List<string>(Math.Min(_scopes.Length, other._scopes.Length));
        int i = 0, j = 0;
        while (i < _scopes.Length && j < other._scopes.Length)
        {
            var order = string.CompareOrdinal(_scopes[i], other._scopes[j]);
            if (order == 0)
            {
                common.Add(_scopes[i]);
                i++;
                j++;
            }
            else if (order < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return common.Count == 0 ? Empty : new ScopeSet([.. common], null);
    }

    /// <summary>The space-delimited form (RFC 6749 §3.3), in ordinal order; empty for the empty set.</summary>
    public override string ToString() => _text ??= string.Join(' ', _scopes);

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_scopes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ScopeSet? other) =>
        other is not null && (ReferenceEquals(this, other) || _scopes.AsSpan().SequenceEqual(other._scopes));

    public override bool Equals(object? obj) => Equals(obj as ScopeSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var scope in _scopes)
            hash.Add(scope, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public static bool operator ==(ScopeSet? left, ScopeSet? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ScopeSet? left, ScopeSet? right) => !(left == right);

    private static bool IsScopeToken(string token)
    {
        foreach (var c in token)
        {
            if (!IsScopeChar(c))
                return false;
        }

        return true;
    }

    private static string[] SortDistinct(List<string> tokens)
    {
        if (tokens.Count == 0)
            return [];

        var sorted = tokens.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var n = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (!string.Equals(sorted[i], sorted[n - 1], StringComparison.Ordinal))
                sorted[n++] = sorted[i];
        }

        return n == sorted.Length ? sorted : sorted[..n];
    }

    private static bool IsInOrder(List<string> tokens)
    {
        for (var i = 1; i < tokens.Count; i++)
        {
            if (string.CompareOrdinal(tokens[i - 1], tokens[i]) >= 0)
                return false;
        }

        return true;
    }
}
