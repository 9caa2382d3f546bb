namespace Aims.Core.Jose;

/// <summary>JOSE <c>typ</c> values of the tokens Aims issues and accepts.</summary>
public static class JwtTypes
{
    /// <summary>JWT-SVID §2.3: <c>typ</c> is optional and, if set, <c>JWT</c> or <c>JOSE</c>.</summary>
    public const string Jwt = "JWT";

    public const string Jose = "JOSE";

    /// <summary>draft-ietf-wimse-workload-creds §3, WIT-SVID §2.2: explicitly typed (RFC 8725 §3.11).</summary>
    public const string Wit = "wit+jwt";

    /// <summary>draft-ietf-wimse-wpt §2: the Workload Proof Token, explicitly typed (RFC 8725 §3.11).</summary>
    public const string Wpt = "wpt+jwt";
}
