namespace Aims.Core.Credentials;

public enum CredentialKind
{
    X509Svid = 0,
    JwtSvid = 1,
    Wit = 2,
}
