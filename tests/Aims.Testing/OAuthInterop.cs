using System.Text.Json;

namespace Aims.Testing;

/// <summary>Runs <c>tests/interop/oauth-client-credentials.mjs</c> (oauth4webapi + jose) against a silo.</summary>
public static class OAuthInterop
{
    /// <summary>
    /// Discovery at <paramref name="issuer"/>, a client_credentials grant with <paramref name="assertion"/> (a JWT-SVID) as
    /// client_assertion, jose verification of the at+jwt, then introspect / revoke / introspect with the operator token.
    /// Returns the script's JSON line (<c>ok</c>, <c>metadata</c>, <c>token</c>, <c>header</c>, <c>claims</c>,
    /// <c>introspection_before</c>, <c>introspection_after</c>; or <c>ok:false</c> with <c>step</c> and <c>error</c>).
    /// </summary>
    public static async Task<(JsonElement Output, ExternalTool.Result Raw)> ClientCredentialsRoundTripAsync(
        string issuer, string clientId, string assertion, string resource, string? scope, string operatorToken)
    {
        var config = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["issuer"] = issuer,
            ["client_id"] = clientId,
            ["assertion"] = assertion,
            ["resource"] = resource,
            ["scope"] = scope,
            ["operator_token"] = operatorToken,
        });
        var result = await NodeInterop.RunScriptAsync("oauth-client-credentials.mjs", config);
        return (NodeInterop.ParseOutput(result), result);
    }
}
