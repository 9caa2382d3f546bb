namespace Aims.Bench;

/// <summary>Names of the measured operations, as they appear in the table and the JSON.</summary>
internal static class Ops
{
    public const string RawSign = "raw es256 sign";
    public const string RawVerify = "raw es256 verify";
    public const string RawCsrVerify = "raw csr verify";

    public const string JwtMint = "jwt-svid mint";
    public const string JwtMintVerify = "jwt-svid mint+verify";
    public const string WitMint = "wit mint";
    public const string WitMintVerify = "wit mint+verify";
    public const string X509Path = "x509-svid csr+issue";
    public const string ClientCredentials = "client-credentials core";

    public const string JwtValidate = "jwt-svid validate";
    public const string WitValidate = "wit validate";
    public const string CsrParse = "csr tryparse";
    public const string X509Issue = "x509-svid issue";
    public const string X509Validate = "x509-svid validate";
    public const string RawCertLoad = "raw x509 certificate load";

    public const string GrainJwt = "grain jwt-svid";
    public const string GrainWit = "grain wit";
    public const string GrainX509 = "grain x509-svid";
}
