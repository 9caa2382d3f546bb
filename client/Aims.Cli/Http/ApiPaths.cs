namespace Aims.Cli.Http;

/// <summary>Server paths of API.md. SPIFFE IDs and names go into a path segment URL-encoded whole.</summary>
internal static class ApiPaths
{
    public const string Agents = "/v1/agents";
    public const string JoinTokens = "/v1/join-tokens";
    public const string Entries = "/v1/entries";
    public const string Bundle = "/spiffe/bundle";
    public const string Audit = "/v1/audit";
    public const string AuditVerify = "/v1/audit/verify";
    public const string Token = "/oauth2/token";
    public const string Introspect = "/oauth2/introspect";
    public const string Revoke = "/oauth2/revoke";

    public static string Agent(string spiffeId) => $"{Agents}/{Uri.EscapeDataString(spiffeId)}";

    /// <summary><c>suspend</c>, <c>resume</c>, <c>terminate</c>, … of one agent.</summary>
    public static string AgentAction(string spiffeId, string action) => $"{Agent(spiffeId)}/{action}";

    /// <summary>Revocation of one credential of an agent: an X509-SVID serial or a jti.</summary>
    public static string RevokeCredential(string spiffeId, string credentialId) =>
        $"{Agent(spiffeId)}/credentials/{Uri.EscapeDataString(credentialId)}/revoke";

    public static string Entry(string id) => $"{Entries}/{Uri.EscapeDataString(id)}";

    public static string Policy(string name) => $"/v1/policies/{Uri.EscapeDataString(name)}";

    /// <summary>Appends the parameters that have a value, each URL-encoded.</summary>
    public static string WithQuery(string path, params IReadOnlyList<(string Name, string? Value)> parameters)
    {
        var query = string.Join('&', parameters
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }
}
