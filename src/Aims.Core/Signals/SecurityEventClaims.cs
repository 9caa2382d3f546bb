namespace Aims.Core.Signals;

/// <summary>Claim names and media type of Security Event Tokens (RFC 8417, SSF 1.0 §4).</summary>
public static class SecurityEventClaims
{
    /// <summary>RFC 8417 §2.3; SSF 1.0 §4.1.1 makes explicit typing a MUST.</summary>
    public const string JwtType = "secevent+jwt";

    public const string MediaType = "application/secevent+jwt";

    public const string Events = "events";
    public const string SubjectId = "sub_id";
    public const string Txn = "txn";
}
