using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>The SPIFFE bundle endpoint (SPIFFE Trust Domain and Bundle §5) and health.</summary>
public static class BundleEndpoints
{
    public static void MapBundleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/spiffe/bundle", async (HttpContext http, BundleCache bundles) =>
        {
            var bundle = await bundles.GetAsync();
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers.ETag = $"\"{bundle.Sequence}\"";
            return Results.Text(bundle.Json, "application/json");
        }).AllowAnonymous();

        app.MapGet("/spiffe/bundle/{trustDomain}", async (string trustDomain, BundleCache bundles) =>
        {
            if (!TrustDomain.TryParse(trustDomain, out var td, out var error))
                return Problems.BadRequest($"'{trustDomain}' is not a trust domain name: {error}");
            if (td == bundles.TrustDomain)
                return Results.Text((await bundles.GetAsync()).Json, "application/json");
            return Problems.NotFound($"no bundle is known for trust domain {td}; federation is not configured for it");
        }).AllowAnonymous();

        // The authorization server's signing keys (API.md: access tokens, transaction tokens, SETs).
        app.MapGet("/oauth2/jwks", async (HttpContext http, BundleCache bundles) =>
        {
            var bundle = await bundles.GetAsync();
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Text(bundle.OAuthJwksJson, "application/jwk-set+json");
        }).AllowAnonymous();

        app.MapGet("/healthz", async (BundleCache bundles) =>
        {
            await bundles.GetAsync();
            return Results.Text("ok");
        }).AllowAnonymous();
    }
}
