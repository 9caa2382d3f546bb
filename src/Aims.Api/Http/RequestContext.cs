using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.Http;

/// <summary>Who is calling and under which correlation id.</summary>
public static class RequestContext
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public static string CorrelationId(this HttpContext context) =>
        context.Request.Headers.TryGetValue(CorrelationHeader, out var value) && value.ToString() is { Length: > 0 and <= 128 } id
            ? id
            : context.TraceIdentifier;

    public static string Actor(this HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
}
