using Aims.Api.Bundles;
using Aims.Core.Agents;
using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Agents;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Aims.Api.OAuth;

/// <summary>
/// Who is registering: nobody (no <c>Authorization</c> header), or an agent presenting its JWT-SVID as a bearer
/// token (RFC 6750 §2.1) addressed to this server. A header that is present but does not prove a live agent is
/// refused rather than treated as anonymous, so an agent learns that its SVID was not accepted.
/// </summary>
internal static class RegistrationBearer
{
    private const string Scheme = "Bearer ";

    /// <summary>The agent's validated JWT-SVID, null for an anonymous request, or the <c>invalid_token</c> error to answer.</summary>
    public static async Task<(JwtSvid? Svid, OAuthError? Error)> AuthenticateAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time)
    {
        var headers = http.Request.Headers[HeaderNames.Authorization];
        if (headers.Count == 0)
            return (null, null);
        if (headers.Count > 1 || headers[0] is not { } header || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || header.AsSpan(Scheme.Length).Trim().IsEmpty)
        {
            return (null, InvalidToken("send one Authorization: Bearer <JWT-SVID> header, or none to register anonymously (RFC 6750 section 2.1)"));
        }

        var bundle = await bundles.GetAsync();
        var check = JwtSvidValidator.Validate(header[Scheme.Length..].Trim(), bundle.JwtSvidKeys, Audiences(issuer), time.GetUtcNow());
        if (!check.IsValid)
            return (null, InvalidToken($"the bearer token is not a valid JWT-SVID for this server: {check.Detail}"));

        var svid = check.Value;
        var agent = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(svid.Subject)).GetAsync();
        if (agent is null)
            return (null, InvalidToken($"agent {svid.Subject} is not registered here; an operator registers it first (POST /v1/agents)"));
        if (agent.State is AgentState.Terminated or AgentState.Suspended)
            return (null, InvalidToken($"agent {svid.Subject} is {agent.State.ToString().ToLowerInvariant()}; it cannot register clients until an operator resumes it"));
        return (svid, null);
    }

    /// <summary>The audiences that name this server: its issuer identifier, its token endpoint or its registration endpoint.</summary>
    public static IReadOnlyList<string> Audiences(AuthorizationServerIssuer issuer) =>
        [.. issuer.AssertionAudiences, issuer.Url + AuthorizationServerMetadata.RegistrationPath];

    private static OAuthError InvalidToken(string description) => new(OAuthErrors.InvalidToken, description);
}
