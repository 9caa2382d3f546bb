namespace Aims.Core.OAuth;

/// <summary>RFC 8707 §2 <c>resource</c> values: absolute URIs without a fragment, bounded in size and number.</summary>
public static class ResourceIndicators
{
    public const int MaxValues = 8;

    public const int MaxLength = 512;

    /// <summary>Why <paramref name="value"/> is not an acceptable resource indicator, or null when it is.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
            return $"resource values must be non-empty and at most {MaxLength} characters (RFC 8707 §2)";
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.Fragment) && !value.Contains('#', StringComparison.Ordinal)
            ? null
            : $"resource '{value}' must be an absolute URI without a fragment (RFC 8707 §2)";
    }
}
