using Aims.Api.Bundles;
using Aims.Api.OAuth;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Grains;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.Signals;

/// <summary>
/// Authorization of the SSF endpoints (SSF 1.0 §8, CAEP interoperability profile): an access token of this server in
/// the <c>Authorization</c> header only (never the query), issued for the SSF resource, not revoked, with scope
/// <c>ssf.read</c> for reads or <c>ssf.manage</c> (which includes reading) for changes. The token's client is the
/// receiver: it sees and changes only its own streams. Errors follow RFC 6750 §3.1.
/// </summary>
internal static class SsfAccess
{
    public const string ReadScope = "ssf.read";
    public const string ManageScope = "ssf.manage";

    /// <summary>The audience/resource a receiver's token must name: <c>{issuer}/ssf</c>.</summary>
    public static string Resource(AuthorizationServerIssuer issuer) => issuer.Url + "/ssf";

    public static async Task<(string? Receiver, IResult? Refusal)> AuthorizeAsync(
        HttpContext http, string scope, BundleCache bundles, AuthorizationServerIssuer issuer, IGrainFactory grains, TimeProvider time)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            return (null, Challenge(StatusCodes.Status401Unauthorized, null, $"send an access token for {Resource(issuer)} with scope {scope} as Authorization: Bearer"));

        var bundle = await bundles.GetAsync();
        var check = AccessTokenValidator.Validate(header[7..].Trim(), bundle.OAuthKeys, issuer.Url, Resource(issuer), time.GetUtcNow());
        if (!check.IsValid)
            return (null, Challenge(StatusCodes.Status401Unauthorized, "invalid_token", $"the access token is not valid for {Resource(issuer)}: {check.Detail}"));

        var token = check.Value!;
        var record = await grains.GetGrain<ITokenGrain>(GrainKeys.Token(token.Jti)).GetAsync(TokenRecord.Issued(token));
        if (record.State is TokenState.Revoked or TokenState.Expired)
            return (null, Challenge(StatusCodes.Status401Unauthorized, "invalid_token", $"the access token is {record.State.ToString().ToLowerInvariant()}"));

        var standing = await TokenStanding.CheckAsync(grains, token, bundles.TrustDomain, http.RequestServices.GetService(typeof(RevocationCache)) as RevocationCache);
        if (standing.InactiveReason is not null)
            return (null, Challenge(StatusCodes.Status401Unauthorized, "invalid_token", $"the access token is no longer valid: {standing.InactiveReason}"));

        var granted = token.Scope.Contains(ManageScope) || token.Scope.Contains(scope);
        return granted
            ? (token.ClientId, null)
            : (null, Challenge(StatusCodes.Status403Forbidden, "insufficient_scope", $"this call needs scope {scope}; the token has '{token.Scope}'", scope));
    }

    private static ChallengeResult Challenge(int status, string? error, string description, string? scope = null) => new(status, error, description, scope);

    private sealed class ChallengeResult(int status, string? error, string description, string? scope) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var challenge = "Bearer realm=\"aims-ssf\"";
            if (error is not null)
                challenge += $", error=\"{error}\", error_description=\"{description.Replace("\"", "'", StringComparison.Ordinal)}\"";
            if (scope is not null)
                challenge += $", scope=\"{scope}\"";
            httpContext.Response.Headers.WWWAuthenticate = challenge;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Results.Json(new Dictionary<string, string> { ["error"] = error ?? "invalid_request", ["error_description"] = description }, statusCode: status)
                .ExecuteAsync(httpContext);
        }
    }
}
