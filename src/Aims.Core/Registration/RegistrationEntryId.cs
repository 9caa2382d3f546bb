using System.Security.Cryptography;
using System.Text;
using Aims.Core.Identity;

namespace Aims.Core.Registration;

/// <summary>
/// An entry's id is a digest of what makes it that entry (SPIFFE ID, parent, selectors): creating it twice names
/// the same entry, and changing any of the three is a different entry (delete, then create).
/// </summary>
public static class RegistrationEntryId
{
    /// <summary>Length of an id: 32 lowercase hex characters (the first 128 bits of SHA-256).</summary>
    public const int Length = 32;

    /// <param name="selectors">In any order; the id does not depend on it.</param>
    public static string For(SpiffeId spiffeId, SpiffeId parentId, IEnumerable<string> selectors)
    {
        ArgumentNullException.ThrowIfNull(spiffeId);
        ArgumentNullException.ThrowIfNull(parentId);
        ArgumentNullException.ThrowIfNull(selectors);

        // Newline cannot occur in a SPIFFE ID or a selector (SelectorRules refuses control characters).
        var canonical = new StringBuilder()
            .Append(spiffeId).Append('\n')
            .Append(parentId).Append('\n')
            .AppendJoin('\n', selectors.Order(StringComparer.Ordinal));
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()));
        return Convert.ToHexStringLower(digest.AsSpan(0, Length / 2));
    }

    /// <summary>True when <paramref name="value"/> has the shape of an id (it may still name no entry).</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
