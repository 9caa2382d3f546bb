using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.OAuth.Registration;
using Aims.Grains;
using Aims.Grains.Audit;
using Aims.Grains.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.OAuth;

/// <summary>
/// <c>POST /oauth2/register</c>, RFC 7591 dynamic client registration. An agent registers (or updates) the client
/// under its own SPIFFE ID by presenting its JWT-SVID as a bearer token; anyone else, when the operator allows it,
/// gets a generated client_id and no secret. The metadata rules are <see cref="ClientMetadataValidator"/>'s; the
/// registration is durable before the 201, and every attempt is audited.
/// </summary>
public static class RegistrationEndpoint
{
    private const string RegisterAction = "oauth.client.register";
    private const string UpdateAction = "oauth.client.update";

    public static void MapRegistrationEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(AuthorizationServerMetadata.RegistrationPath, RegisterAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> RegisterAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time,
        [FromServices] ClientRegistrationLimits limits)
    {
        var (svid, bearerError) = await RegistrationBearer.AuthenticateAsync(http, grains, bundles, issuer, time);
        if (bearerError is not null)
            return await RefuseAsync(http, grains, bundles.TrustDomain, null, bearerError);

        var agent = svid?.Subject;
        if (agent is null && !limits.AnonymousRegistrationEnabled)
        {
            return await RefuseAsync(http, grains, bundles.TrustDomain, null, new OAuthError(OAuthErrors.AccessDenied,
                "anonymous client registration is disabled on this server; an agent registers with Authorization: Bearer <its JWT-SVID> " +
                "whose aud names this server (RFC 7591 section 3)"));
        }

        var (body, bodyError) = await RegistrationRequestBody.ReadAsync(http.Request);
        if (bodyError is not null)
            return await RefuseAsync(http, grains, bundles.TrustDomain, agent, bodyError);

        var metadata = ClientMetadataValidator.Validate(body, agent, limits);
        if (!metadata.IsSuccess)
            return await RefuseAsync(http, grains, bundles.TrustDomain, agent, metadata.Error);

        var clientId = agent?.ToString() ?? ClientIdGenerator.New();
        var client = grains.GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(clientId));
        var isUpdate = agent is not null && await client.GetAsync() is not null;
        var stored = await client.RegisterAsync(ToView(clientId, metadata.Value, agent is not null, time.GetUtcNow()));

        await AuditAsync(grains, bundles.TrustDomain, new AuditEntryMessage(
            isUpdate ? UpdateAction : RegisterAction, "Allowed", AgentId: agent?.ToString(), Resource: Resource(clientId),
            CorrelationId: http.CorrelationId(), Cause: Cause(svid), Actor: agent?.ToString() ?? "anonymous",
            Detail: $"token_endpoint_auth_method {stored.TokenEndpointAuthMethod}; grant_types {string.Join(' ', stored.GrantTypes)}; " +
                $"redirect_uris {string.Join(' ', stored.RedirectUris)}"));
        return RegistrationResponses.Created(http, stored);
    }

    private static OAuthClientView ToView(string clientId, ClientMetadata metadata, bool isAgent, DateTimeOffset now) =>
        new(clientId, metadata.ClientName, metadata.RedirectUris, metadata.GrantTypes, metadata.ResponseTypes,
            metadata.TokenEndpointAuthMethod, metadata.Scope?.ToString(), metadata.JwksJson, isAgent, now);

    private static async Task<IResult> RefuseAsync(HttpContext http, IGrainFactory grains, TrustDomain trustDomain, SpiffeId? agent, OAuthError error)
    {
        await AuditAsync(grains, trustDomain, new AuditEntryMessage(
            RegisterAction, "Denied", AgentId: agent?.ToString(), Resource: Resource(agent?.ToString()),
            CorrelationId: http.CorrelationId(), Actor: agent?.ToString() ?? "anonymous", Detail: $"{error.Error}: {error.Description}"));
        return RegistrationResponses.Error(http, error);
    }

    /// <summary>Durable before the answer: a registration, or a refused one, is on the record when the client hears of it.</summary>
    private static async Task AuditAsync(IGrainFactory grains, TrustDomain trustDomain, AuditEntryMessage entry) =>
        await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(trustDomain)).AppendAsync(entry);

    private static string Resource(string? clientId) => clientId is null ? "oauth-client" : $"oauth-client:{clientId}";

    /// <summary>The credential the registration rests on, by its jti (never the token itself).</summary>
    private static string? Cause(JwtSvid? svid) => svid is null ? null : $"JWT-SVID jti {svid.Jti}";
}
