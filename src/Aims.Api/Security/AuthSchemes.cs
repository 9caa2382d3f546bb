namespace Aims.Api.Security;

public static class AuthSchemes
{
    /// <summary>Operator bearer token (<c>admin.token</c>).</summary>
    public const string Operator = "Operator";

    /// <summary>An agent presenting its X509-SVID over mTLS.</summary>
    public const string X509Svid = "X509Svid";

    /// <summary>An agent presenting its WIT with a WPT for the request (draft-ietf-wimse-workload-creds, -wpt).</summary>
    public const string Wit = "Wit";

    /// <summary>An agent: by WIT + WPT when the request carries those headers, else by its X509-SVID.</summary>
    public const string Agent = "Agent";

    public const string OperatorPolicy = "operator";

    public const string AgentPolicy = "agent";

    public const string SpiffeIdClaim = "spiffe_id";
}
