using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Core.OAuth;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Grants;

/// <summary>One token endpoint request and the services every grant handler needs.</summary>
internal sealed record TokenRequest(
    HttpContext Http,
    IFormCollection Form,
    string GrantType,
    IGrainFactory Grains,
    BundleCache Bundles,
    AuthorizationServerIssuer Issuer,
    TimeProvider Time)
{
    public string CorrelationId => Http.CorrelationId();

    /// <param name="allowPublicClient">True for grants a public client may use (authorization_code, refresh_token).</param>
    /// <param name="agentSpendsAssertion">True when an agent's assertion goes, unspent, to the agent grain call that follows.</param>
    public Task<(AuthenticatedClient? Client, OAuthError? Error)> AuthenticateClientAsync(bool allowPublicClient = false, bool agentSpendsAssertion = false) =>
        ClientAuthentication.AuthenticateAsync(Http, Form, Bundles, Issuer, Grains, Time, allowPublicClient, agentSpendsAssertion);
}
