namespace Aims.Core.Jose;

/// <summary>JOSE header parameter names (RFC 7515 §4.1).</summary>
public static class JoseHeaderNames
{
    public const string Algorithm = "alg";
    public const string KeyId = "kid";
    public const string Type = "typ";
    public const string Critical = "crit";
    public const string JsonWebKey = "jwk";
    public const string JwkSetUrl = "jku";
    public const string X509Url = "x5u";
    public const string X509Chain = "x5c";
}
