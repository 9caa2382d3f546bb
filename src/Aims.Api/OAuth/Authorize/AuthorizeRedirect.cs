using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Authorize;

/// <summary>
/// 303 See Other to the client's redirect URI: after a form post the browser follows with a GET (RFC 9110 §15.4.4),
/// and the response, which carries a code, is never cached.
/// </summary>
internal sealed class AuthorizeRedirect(string location) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status303SeeOther;
        response.Headers.Location = location;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return Task.CompletedTask;
    }
}
