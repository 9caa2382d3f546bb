using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.Identity;

/// <summary>A SPIFFE trust domain name (SPIFFE-ID §2.1): lowercase letters, digits, dot, dash, underscore.</summary>
public sealed class TrustDomain : IEquatable<TrustDomain>
{
    /// <summary>SPIFFE-ID §2.3: trust domain names are at most 255 bytes.</summary>
    public const int MaxLength = 255;

    private TrustDomain(string name) => Name = name;

    /// <summary>The bare name, e.g. <c>aims.local</c>.</summary>
    public string Name { get; }

    /// <summary>The trust domain's own SPIFFE ID string, e.g. <c>spiffe://aims.local</c>.</summary>
    public string IdString => SpiffeId.Scheme + Name;

    public static TrustDomain Parse(string name) =>
        TryParse(name, out var td, out var error) ? td : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out TrustDomain? trustDomain) =>
        TryParse(name, out trustDomain, out _);

    public static bool TryParse(
        [NotNullWhen(true)] string? name,
        [NotNullWhen(true)] out TrustDomain? trustDomain,
        [NotNullWhen(false)] out string? error)
    {
        trustDomain = null;
        error = Validate(name);
        if (error is not null)
            return false;

        trustDomain = new TrustDomain(name!);
        return true;
    }

    /// <summary>A SPIFFE ID in this trust domain with the given path: empty, or starting with "/" (SPIFFE-ID §2.2).</summary>
    /// <exception cref="ArgumentException">The path is not a valid SPIFFE ID path.</exception>
    public SpiffeId NewId(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        // Without the leading "/" the path would run into the authority and name another trust domain.
        if (path.Length > 0 && path[0] != '/')
            throw new ArgumentException(SpiffeIdErrors.PathWithoutLeadingSlash, nameof(path));

        return SpiffeId.TryParse(IdString + path, out var id, out var error) ? id : throw new ArgumentException(error, nameof(path));
    }

    internal static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return SpiffeIdErrors.MissingTrustDomain;
        if (name.Length > MaxLength)
            return SpiffeIdErrors.TrustDomainTooLong;
        foreach (var c in name)
        {
            if (!IsTrustDomainChar(c))
                return c is >= 'A' and <= 'Z' ? SpiffeIdErrors.TrustDomainNotLowercase : SpiffeIdErrors.BadTrustDomainChar(c);
        }

        return null;
    }

    internal static bool IsTrustDomainChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_';

    public bool Equals(TrustDomain? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as TrustDomain);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;

    public static bool operator ==(TrustDomain? left, TrustDomain? right) => Equals(left, right);

    public static bool operator !=(TrustDomain? left, TrustDomain? right) => !Equals(left, right);
}
