namespace Aims.Core.Signals;

/// <summary>SET delivery error codes (RFC 8935 §2.4 registry, plus SSF 1.0's <c>invalid_state</c>).</summary>
public static class SetDeliveryErrors
{
    /// <summary>The body is not a SET, or its event payload does not conform to the event's definition.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>A key used to sign the SET is unknown, invalid or unacceptable.</summary>
    public const string InvalidKey = "invalid_key";

    public const string InvalidIssuer = "invalid_issuer";

    public const string InvalidAudience = "invalid_audience";

    /// <summary>The SET's transmitter could not be authenticated (for example a bad signature).</summary>
    public const string AuthenticationFailed = "authentication_failed";

    public const string AccessDenied = "access_denied";

    public const string InvalidState = "invalid_state";
}
