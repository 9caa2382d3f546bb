using Aims.Core.OAuth;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth;

/// <summary>RFC 6749 §5 responses: JSON, never cached; errors as <c>error</c> and <c>error_description</c>.</summary>
internal static class OAuthResponses
{
    public static IResult Error(string error, string description)
    {
        // RFC 6749 §5.2: 400, except invalid_client which is 401 with a challenge.
        var status = error == OAuthErrors.InvalidClient ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
        var safe = new OAuthError(error, description);
        return new NoStore(Results.Json(new Dictionary<string, string> { ["error"] = safe.Error, ["error_description"] = safe.Description }, statusCode: status), error == OAuthErrors.InvalidClient);
    }

    public static IResult Error(OAuthError error) => Error(error.Error, error.Description);

    public static IResult Json(object body) => new NoStore(Results.Json(body, Http.AimsJson.Options), challenge: false);

    private sealed class NoStore(IResult inner, bool challenge) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.Pragma = "no-cache";
            if (challenge)
                httpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"aims\"";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
