using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Agents;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Sessions;
using Aims.Core.Tokens;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.OAuth;
using Aims.Grains.Sessions;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.OAuth;

/// <summary>
/// RFC 7662 introspection and RFC 7009 revocation. Introspection answers from the token's grain, so a revoked
/// token is inactive at once on every silo; a token whose grain lost its in-memory record falls back to the
/// signed token itself (revocations are always persisted). Refresh tokens answer from their session.
/// </summary>
public static class IntrospectionEndpoint
{
    private const string OperatorCaller = "operator";

    public static void MapIntrospectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AuthorizationServerMetadata.IntrospectionPath, IntrospectAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(AuthorizationServerMetadata.RevocationPath, RevokeAsync).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> IntrospectAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time)
    {
        var (token, caller, problem) = await ReadRequestAsync(http, grains, bundles, issuer, time, "RFC 7662 section 2.1", allowPublicClients: false);
        if (problem is not null)
            return problem;

        var inactive = OAuthResponses.Json(new Dictionary<string, object> { ["active"] = false });
        if (SessionCredential.TryReadSessionId(token, SessionCredentialKind.RefreshToken, out var sessionId))
            return await IntrospectRefreshTokenAsync(grains, issuer, token, sessionId, caller) ?? inactive;
        if (Core.Transactions.TxnTokenValidator.LooksLikeTxnToken(token))
            return await Transactions.TxnTokenIntrospection.IntrospectAsync(http, grains, bundles, issuer, time, token, caller);

        var bundle = await bundles.GetAsync();
        var check = AccessTokenValidator.Validate(token, bundle.OAuthKeys, issuer.Url, null, time.GetUtcNow());
        if (!check.IsValid)
            return inactive;

        var claims = check.Value!;
        var record = await grains.Reference<ITokenGrain>(GrainKeys.Token(claims.Jti)).GetAsync(TokenRecord.Issued(claims));
        var standing = await TokenStanding.CheckAsync(grains, claims, bundles.TrustDomain, http.RequestServices.GetService<RevocationCache>());
        if (record.State is TokenState.Revoked or TokenState.Expired || standing.InactiveReason is not null)
        {
            await grains.Reference<IAuditLogGrain>(GrainKeys.AuditLog(bundles.TrustDomain)).AppendAsync(new AuditEntryMessage(
                "token.introspect", "Denied", AgentId: SpiffeId.TryParse(claims.ClientId, out _) ? claims.ClientId : null, Resource: $"access-token:{claims.Jti}",
                CorrelationId: http.CorrelationId(), Actor: caller,
                Detail: TokenTransitions.IsLive(record.State) ? standing.InactiveReason : $"token is {record.State}"));
            return inactive;
        }

        var response = new Dictionary<string, object>
        {
            ["active"] = true,
            ["iss"] = claims.Issuer,
            ["sub"] = claims.Subject,
            ["client_id"] = claims.ClientId,
            ["aud"] = claims.Audience.Count == 1 ? claims.Audience[0] : claims.Audience,
            ["scope"] = standing.Narrow(ScopeSet.Parse(record.Scope)).ToString(),
            ["iat"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = claims.ExpiresAt.ToUnixTimeSeconds(),
            ["jti"] = claims.Jti,
            ["token_type"] = "Bearer",
        };
        if (claims.CnfX5tS256 is { } thumbprint)
            response["cnf"] = new Dictionary<string, string> { ["x5t#S256"] = thumbprint };
        if (claims.MayAct is { } mayAct)
            response[OAuthConstants.Claims.MayAct] = new Dictionary<string, string> { ["sub"] = mayAct };
        if (claims.Actors.Count > 0)
            response["act"] = ActChain(claims.Actors, 0);
        return OAuthResponses.Json(response);
    }

    /// <summary>RFC 8693 §4.1 (registered for introspection in §7.2.1): the current actor, nesting the earlier ones.</summary>
    private static Dictionary<string, object> ActChain(IReadOnlyList<string> actors, int index)
    {
        var act = new Dictionary<string, object> { ["sub"] = actors[index] };
        if (index + 1 < actors.Count)
            act["act"] = ActChain(actors, index + 1);
        return act;
    }

    private static async Task<IResult> RevokeAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time)
    {
        var (token, caller, problem) = await ReadRequestAsync(http, grains, bundles, issuer, time, "RFC 7009 section 2.1", allowPublicClients: true);
        if (problem is not null)
            return problem;

        // RFC 7009 §2.1: revoking a refresh token ends its session and revokes the access tokens of the same grant.
        if (SessionCredential.TryReadSessionId(token, SessionCredentialKind.RefreshToken, out var sessionId))
        {
            var result = await grains.Reference<ISessionGrain>(GrainKeys.Session(sessionId)).RevokeRefreshTokenAsync(
                new RefreshTokenRevocation(token, caller, caller == OperatorCaller, http.CorrelationId()));
            return result == RefreshTokenRevocationResult.OtherClient
                ? OAuthResponses.Error(OAuthErrors.UnauthorizedClient, "a client may revoke only its own tokens (RFC 7009 section 2.1)")
                : Results.Ok();
        }

        if (Core.Transactions.TxnTokenValidator.LooksLikeTxnToken(token))
            return await Transactions.TxnTokenIntrospection.RevokeAsync(http, grains, bundles, issuer, time, token, caller, caller == OperatorCaller);

        // RFC 7009 §2.2: an invalid or unknown token is not an error; the answer is 200 either way. An expired
        // token is still checked by signature so its revocation is recorded.
        var bundle = await bundles.GetAsync();
        var check = AccessTokenValidator.Validate(token, bundle.OAuthKeys, issuer.Url, null, time.GetUtcNow(), TimeSpan.FromDays(1));
        if (check.IsValid)
        {
            var claims = check.Value!;
            if (caller != OperatorCaller && caller != claims.ClientId)
                return OAuthResponses.Error(OAuthErrors.UnauthorizedClient, "a client may revoke only its own tokens (RFC 7009 section 2.1)");

            var revoked = await grains.Reference<ITokenGrain>(GrainKeys.Token(claims.Jti)).RevokeAsync(TokenRecord.Issued(claims), $"revoked by {caller}");
            await grains.Reference<IAuditLogGrain>(GrainKeys.AuditLog(bundles.TrustDomain)).AppendAsync(new AuditEntryMessage(
                "token.revoke", "Allowed", AgentId: claims.ClientId, Resource: $"access-token:{claims.Jti}", CorrelationId: http.CorrelationId(),
                Actor: caller, Cause: "RFC 7009 revocation request", Detail: $"token is {revoked.State}"));
        }

        return Results.Ok();
    }

    /// <summary>
    /// A refresh token answers from its session: active while it is the session's current token and the session
    /// lives. Only its client (or the operator) learns anything; to anyone else it is inactive (RFC 7662 §2.2).
    /// </summary>
    private static async Task<IResult?> IntrospectRefreshTokenAsync(
        IGrainFactory grains, AuthorizationServerIssuer issuer, string token, string sessionId, string caller)
    {
        var view = await grains.Reference<ISessionGrain>(GrainKeys.Session(sessionId)).IntrospectRefreshTokenAsync(token);
        if (view is null || (caller != OperatorCaller && caller != view.ClientId))
            return null;

        return OAuthResponses.Json(new Dictionary<string, object>
        {
            ["active"] = true,
            ["iss"] = issuer.Url,
            ["sub"] = view.User,
            ["client_id"] = view.ClientId,
            ["aud"] = view.Resources.Count == 1 ? view.Resources[0] : view.Resources,
            ["scope"] = view.Scope,
            ["iat"] = view.IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = view.ExpiresAt.ToUnixTimeSeconds(),
        });
    }

    /// <summary>
    /// Whether a token's client may still use it: an agent while it is Active, a registered client while it is
    /// registered. The state says what the client is, for the audit record.
    /// </summary>
    /// <summary>
    /// RFC 7662 §2.1 / RFC 7009 §2.1: the caller is an authenticated client, or the operator, and names the
    /// <c>token</c>. Returns the token and who asked, or the error to answer with.
    /// </summary>
    /// <param name="allowPublicClients">
    /// RFC 7009 §5 lets a public client revoke its own tokens by client_id; introspection needs a client that proved
    /// its identity (RFC 7662 §4), or anyone could scan tokens.
    /// </param>
    private static async Task<(string Token, string Caller, IResult? Problem)> ReadRequestAsync(
        HttpContext http, IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time, string rule, bool allowPublicClients)
    {
        var (read, formError) = await OAuthForm.ReadAsync(http.Request);
        if (formError is not null)
            return (string.Empty, string.Empty, OAuthResponses.Error(formError));

        var form = read!;
        string caller;
        if ((await http.AuthenticateAsync(AuthSchemes.Operator)).Succeeded)
        {
            caller = OperatorCaller;
        }
        else
        {
            // RFC 7009 §5 lets a public client revoke its own tokens by client_id; introspection refuses it (RFC 7662 §4).
            var (client, error) = await ClientAuthentication.AuthenticateAsync(http, form, bundles, issuer, grains, time, allowPublicClients);
            if (error is not null)
                return (string.Empty, string.Empty, OAuthResponses.Error(error));
            caller = client!.ClientId;
        }

        return form.Single(OAuthConstants.Parameters.Token) is { } token
            ? (token, caller, null)
            : (string.Empty, caller, OAuthResponses.Error(OAuthErrors.InvalidRequest, $"token is required ({rule})"));
    }
}
