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

    public Task<(AuthenticatedClient? Client, OAuthError? Error)> AuthenticateClientAsync() =>
        ClientAuthentication.AuthenticateAsync(Http, Form, Bundles, Issuer, Grains, Time);
}
