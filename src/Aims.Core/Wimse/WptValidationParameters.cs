using Aims.Core.Credentials;

namespace Aims.Core.Wimse;

/// <summary>What a recipient expects of the WPT on one request (draft-ietf-wimse-wpt §2, §5).</summary>
public sealed record WptValidationParameters
{
    /// <summary>Five minutes: WPT lifetimes "MUST be short, e.g., on the order of minutes or seconds".</summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The target URI of the request without query or fragment, built from configuration and the request path.
    /// Never from <c>Host</c> or <c>X-Forwarded-Host</c>: wpt-01 §5 calls those untrusted.
    /// </summary>
    public required string Audience { get; init; }

    /// <summary>Other values this recipient accepts as <c>aud</c> ("an acceptable alias or normalization", wpt-01 §2), from configuration.</summary>
    public IReadOnlyCollection<string> AudienceAliases { get; init; } = [];

    public required DateTimeOffset Now { get; init; }

    /// <summary>Leeway for <c>exp</c>.</summary>
    public TimeSpan ClockSkew { get; init; } = CredentialValidationWindow.DefaultClockSkew;

    /// <summary>The longest <c>exp - now</c> accepted; a later <c>exp</c> is "unreasonably far in the future".</summary>
    public TimeSpan MaxLifetime { get; init; } = DefaultMaxLifetime;

    /// <summary>The access token, Txn-Token and other tokens of the request, which the proof must bind by hash.</summary>
    public RequestTokens Tokens { get; init; } = RequestTokens.None;

    /// <summary>Where used <c>jti</c>s are remembered, per sender.</summary>
    public required IWptReplayCache ReplayCache { get; init; }
}
