namespace Aims.Core.Signals;

/// <summary>
/// Event type URIs (the member names of a SET's <c>events</c> claim, RFC 8417 §2.2) this fabric sends and
/// understands: CAEP 1.0, RISC 1.0 and the SSF 1.0 stream events.
/// </summary>
public static class SecurityEventTypes
{
    private const string CaepBase = "https://schemas.openid.net/secevent/caep/event-type/";
    private const string RiscBase = "https://schemas.openid.net/secevent/risc/event-type/";
    private const string SsfBase = "https://schemas.openid.net/secevent/ssf/event-type/";

    public const string SessionRevoked = CaepBase + "session-revoked";
    public const string TokenClaimsChange = CaepBase + "token-claims-change";
    public const string CredentialChange = CaepBase + "credential-change";
    public const string AssuranceLevelChange = CaepBase + "assurance-level-change";
    public const string RiskLevelChange = CaepBase + "risk-level-change";

    public const string CredentialCompromise = RiscBase + "credential-compromise";
    public const string AccountDisabled = RiscBase + "account-disabled";
    public const string AccountEnabled = RiscBase + "account-enabled";
    public const string AccountPurged = RiscBase + "account-purged";
    public const string IdentifierChanged = RiscBase + "identifier-changed";

    /// <summary>SSF 1.0 §8.1.4.1; always deliverable, whatever the stream requested.</summary>
    public const string Verification = SsfBase + "verification";

    /// <summary>SSF 1.0 §8.1.5; always deliverable, whatever the stream requested.</summary>
    public const string StreamUpdated = SsfBase + "stream-updated";

    /// <summary>The CAEP and RISC events a stream may request (<c>events_supported</c>).</summary>
    public static IReadOnlyList<string> Supported { get; } =
    [
        SessionRevoked, TokenClaimsChange, CredentialChange, AssuranceLevelChange, RiskLevelChange,
        CredentialCompromise, AccountDisabled, AccountEnabled, AccountPurged, IdentifierChanged,
    ];

    /// <summary>Stream-control events sent regardless of <c>events_delivered</c> (SSF 1.0 §8.1.4, §8.1.5).</summary>
    public static bool IsStreamControl(string type) => type is Verification or StreamUpdated;
}
