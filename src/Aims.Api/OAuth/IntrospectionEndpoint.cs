using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Agents;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.OAuth;

/// <summary>
/// RFC 7662 introspection and RFC 7009 revocation. Introspection answers from the token's grain, so a revoked
/// token is inactive at once on every silo; a token whose grain lost its in-memory record falls back to the
/// signed token itself (revocations are always persisted).
/// </summary>
public static class IntrospectionEndpoint
{
    public static void MapIntrospectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AuthorizationServerMetadata.IntrospectionPath, IntrospectAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(AuthorizationServerMetadata.RevocationPath, RevokeAsync).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> IntrospectAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time)
    {
        var (token, caller, problem) = await ReadRequestAsync(http, grains, bundles, issuer, time, "RFC 7662 section 2.1");
        if (problem is not null)
            return problem;

        var inactive = OAuthResponses.Json(new Dictionary<string, object> { ["active"] = false });
        var bundle = await bundles.GetAsync();
        var check = AccessTokenValidator.Validate(token, bundle.OAuthKeys, issuer.Url, null, time.GetUtcNow());
        if (!check.IsValid)
            return inactive;

        var claims = check.Value!;
        var record = await grains.GetGrain<ITokenGrain>(GrainKeys.Token(claims.Jti)).GetAsync();
        // An agent of another trust domain (a jwt-bearer subject without client authentication) has no state here.
        var foreign = SpiffeId.TryParse(claims.ClientId, out var clientId) && !clientId.IsMemberOf(bundles.TrustDomain);
        var client = clientId is not null && !foreign ? await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(clientId)).GetAsync() : null;
        if (record is { State: TokenState.Revoked or TokenState.Expired } || (!foreign && (client is null || client.State != AgentState.Active)))
        {
            await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(bundles.TrustDomain)).AppendAsync(new AuditEntryMessage(
                "token.introspect", "Denied", AgentId: claims.ClientId, Resource: $"access-token:{claims.Jti}", CorrelationId: http.CorrelationId(),
                Actor: caller, Detail: record?.State is { } state && state != TokenState.Active ? $"token is {state}" : $"client is {client?.State.ToString() ?? "unknown"}"));
            return inactive;
        }

        var response = new Dictionary<string, object>
        {
            ["active"] = true,
            ["iss"] = claims.Issuer,
            ["sub"] = claims.Subject,
            ["client_id"] = claims.ClientId,
            ["aud"] = claims.Audience.Count == 1 ? claims.Audience[0] : claims.Audience,
            ["scope"] = record?.Scope ?? claims.Scope.ToString(),
            ["iat"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = claims.ExpiresAt.ToUnixTimeSeconds(),
            ["jti"] = claims.Jti,
            ["token_type"] = "Bearer",
        };
        if (claims.CnfX5tS256 is { } thumbprint)
            response["cnf"] = new Dictionary<string, string> { ["x5t#S256"] = thumbprint };
        if (claims.MayAct is { } mayAct)
            response[OAuthConstants.Claims.MayAct] = new Dictionary<string, string> { ["sub"] = mayAct };
        return OAuthResponses.Json(response);
    }

    private static async Task<IResult> RevokeAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time)
    {
        var (token, caller, problem) = await ReadRequestAsync(http, grains, bundles, issuer, time, "RFC 7009 section 2.1");
        if (problem is not null)
            return problem;

        // RFC 7009 §2.2: an invalid or unknown token is not an error; the answer is 200 either way. An expired
        // token is still checked by signature so its revocation is recorded.
        var bundle = await bundles.GetAsync();
        var check = AccessTokenValidator.Validate(token, bundle.OAuthKeys, issuer.Url, null, time.GetUtcNow(), TimeSpan.FromDays(1));
        if (check.IsValid)
        {
            var claims = check.Value!;
            if (caller != "operator" && caller != claims.ClientId)
                return OAuthResponses.Error(OAuthErrors.UnauthorizedClient, "a client may revoke only its own tokens (RFC 7009 section 2.1)");

            var known = new TokenRecord(claims.Jti, claims.Subject, claims.ClientId, claims.Audience, claims.Scope.ToString(), claims.IssuedAt, claims.ExpiresAt, TokenState.Active, null);
            var revoked = await grains.GetGrain<ITokenGrain>(GrainKeys.Token(claims.Jti)).RevokeAsync(known, $"revoked by {caller}");
            await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(bundles.TrustDomain)).AppendAsync(new AuditEntryMessage(
                "token.revoke", "Allowed", AgentId: claims.ClientId, Resource: $"access-token:{claims.Jti}", CorrelationId: http.CorrelationId(),
                Actor: caller, Cause: "RFC 7009 revocation request", Detail: $"token is {revoked.State}"));
        }

        return Results.Ok();
    }

    /// <summary>
    /// RFC 7662 §2.1 / RFC 7009 §2.1: the caller is an authenticated client, or the operator, and names the
    /// <c>token</c>. Returns the token and who asked, or the error to answer with.
    /// </summary>
    private static async Task<(string Token, string Caller, IResult? Problem)> ReadRequestAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time, string rule)
    {
        var (read, formError) = await OAuthForm.ReadAsync(http.Request);
        if (formError is not null)
            return (string.Empty, string.Empty, OAuthResponses.Error(formError));

        var form = read!;
        string caller;
        if ((await http.AuthenticateAsync(AuthSchemes.Operator)).Succeeded)
        {
            caller = "operator";
        }
        else
        {
            var (client, error) = await ClientAuthentication.AuthenticateAsync(http, form, bundles, issuer, grains, time);
            if (error is not null)
                return (string.Empty, string.Empty, OAuthResponses.Error(error));
            caller = client!.ClientId;
        }

        return form.Single(OAuthConstants.Parameters.Token) is { } token
            ? (token, caller, null)
            : (string.Empty, caller, OAuthResponses.Error(OAuthErrors.InvalidRequest, $"token is required ({rule})"));
    }
}
