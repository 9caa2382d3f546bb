namespace Aims.Core.OAuth;

/// <summary>
/// An OAuth error response (RFC 6749 §5.2): an <see cref="OAuthErrors"/> code and a description that tells the
/// client what to fix. The description is made wire-safe on construction, so any instance can be sent as is.
/// </summary>
public sealed record OAuthError
{
    /// <summary>Longer descriptions are cut: a client needs a hint, not an echo of everything it sent.</summary>
    public const int MaxDescriptionLength = 1024;

    /// <exception cref="ArgumentException"><paramref name="error"/> is empty or has characters outside %x20-21 / %x23-5B / %x5D-7E.</exception>
    public OAuthError(string error, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        ArgumentNullException.ThrowIfNull(description);
        foreach (var c in error)
        {
            if (!IsDescriptionChar(c))
                throw new ArgumentException($"Error code '{error}' has characters RFC 6749 §5.2 does not allow.", nameof(error));
        }

        Error = error;
        Description = ToWireText(description);
    }

    public string Error { get; }

    public string Description { get; }

    public static OAuthError InvalidRequest(string description) => new(OAuthErrors.InvalidRequest, description);

    public static OAuthError InvalidClient(string description) => new(OAuthErrors.InvalidClient, description);

    public static OAuthError InvalidGrant(string description) => new(OAuthErrors.InvalidGrant, description);

    public static OAuthError UnauthorizedClient(string description) => new(OAuthErrors.UnauthorizedClient, description);

    public static OAuthError UnsupportedGrantType(string description) => new(OAuthErrors.UnsupportedGrantType, description);

    public static OAuthError InvalidScope(string description) => new(OAuthErrors.InvalidScope, description);

    public static OAuthError InvalidTarget(string description) => new(OAuthErrors.InvalidTarget, description);

    public override string ToString() => $"{Error}: {Description}";

    /// <summary>RFC 6749 §5.2: error and error_description use only %x20-21 / %x23-5B / %x5D-7E.</summary>
    internal static bool IsDescriptionChar(char c) => c is >= '\x20' and <= '\x7E' and not '"' and not '\\';

    /// <summary>
    /// Maps a detail onto the RFC 6749 §5.2 character set: "§" reads "section ", a double quote becomes a single one,
    /// anything else outside the set (backslash, controls, non-ASCII from echoed input) becomes "?".
    /// </summary>
    private static string ToWireText(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (!IsDescriptionChar(c))
            {
                clean = false;
                break;
            }
        }

        if (clean && text.Length <= MaxDescriptionLength)
            return text;

        var builder = new System.Text.StringBuilder(Math.Min(text.Length + 16, MaxDescriptionLength));
        foreach (var c in text)
        {
            switch (c)
            {
                case '§':
                    builder.Append("section ");
                    break;
                case '"':
                    builder.Append('\'');
                    break;
                default:
                    builder.Append(IsDescriptionChar(c) ? c : '?');
                    break;
            }

            if (builder.Length >= MaxDescriptionLength)
                break;
        }

        if (builder.Length > MaxDescriptionLength)
            builder.Length = MaxDescriptionLength;
        return builder.ToString();
    }
}
