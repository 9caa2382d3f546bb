namespace Aims.Core.Jose;

/// <summary>JWT claim names (RFC 7519 §4.1, RFC 7800 §3.1).</summary>
public static class JwtClaimNames
{
    public const string Issuer = "iss";
    public const string Subject = "sub";
    public const string Audience = "aud";
    public const string ExpiresAt = "exp";
    public const string NotBefore = "nbf";
    public const string IssuedAt = "iat";
    public const string JwtId = "jti";
    public const string Confirmation = "cnf";

    /// <summary>The member of <c>cnf</c> that carries the confirmation key (RFC 7800 §3.2).</summary>
    public const string ConfirmationKey = "jwk";
}
