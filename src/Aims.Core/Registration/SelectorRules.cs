namespace Aims.Core.Registration;

/// <summary>
/// What a selector is: <c>type:value</c>, where the type names the attestor that produces it (<c>unix</c>,
/// <c>k8s</c>, <c>tpm</c>, …) and the value is that attestor's fact (<c>uid:1000</c>, <c>sha256:…</c>).
/// Selectors compare as exact strings.
/// </summary>
public static class SelectorRules
{
    public const int MaxTypeLength = 32;

    /// <summary>Long enough for <c>unix:path:</c> with a deep path.</summary>
    public const int MaxLength = 1024;

    /// <summary>Null when <paramref name="selector"/> is well formed, else what is wrong with it.</summary>
    public static string? Check(string? selector)
    {
        if (string.IsNullOrEmpty(selector))
            return "a selector is empty; write type:value, e.g. unix:uid:1000";
        if (selector.Length > MaxLength)
            return $"selector '{selector[..32]}…' is longer than {MaxLength} characters";
        var colon = selector.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == selector.Length - 1)
            return $"selector '{selector}' is not type:value, e.g. unix:uid:1000";
        if (colon > MaxTypeLength || !selector.AsSpan(0, colon).ContainsOnlyTypeCharacters())
            return $"selector '{selector}' has type '{selector[..colon]}'; a type is 1 to {MaxTypeLength} of a-z, 0-9 and _";
        if (selector.Any(char.IsControl))
            return $"selector '{selector.Replace("\n", "\\n", StringComparison.Ordinal)}' holds a control character";
        return null;
    }

    private static bool ContainsOnlyTypeCharacters(this ReadOnlySpan<char> type)
    {
        foreach (var c in type)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
                return false;
        }

        return true;
    }
}
