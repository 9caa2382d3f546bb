namespace Aims.Api.Security;

public static class AuthSchemes
{
    /// <summary>Operator bearer token (<c>admin.token</c>).</summary>
    public const string Operator = "Operator";

    /// <summary>An agent presenting its X509-SVID over mTLS.</summary>
    public const string X509Svid = "X509Svid";

    public const string OperatorPolicy = "operator";

    public const string AgentPolicy = "agent";

    public const string SpiffeIdClaim = "spiffe_id";
}
