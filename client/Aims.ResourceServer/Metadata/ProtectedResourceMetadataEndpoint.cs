using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Metadata;

public static class ProtectedResourceMetadataEndpoint
{
    /// <summary>
    /// Serves the RFC 9728 metadata at the well-known path derived from <see cref="AimsResourceServerOptions.Resource"/>
    /// (<c>/.well-known/oauth-protected-resource</c> when the resource identifier has no path). Anonymous: an agent
    /// reads it before it has a token, following the <c>resource_metadata</c> of a 401 challenge.
    /// </summary>
    public static RouteHandlerBuilder MapProtectedResourceMetadata(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetRequiredService<IOptions<AimsResourceServerOptions>>().Value;
        var json = ProtectedResourceMetadata.ToJson(options);
        return app.MapGet(ProtectedResourceMetadata.PathFor(options.Resource), (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(json, "application/json");
        }).AllowAnonymous();
    }
}
