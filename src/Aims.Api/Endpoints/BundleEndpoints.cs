using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Core.Federation;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Federation;
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
            return Bundle(http, bundle.Sequence, bundle.Json);
        }).AllowAnonymous();

        // A federated trust domain's bundle as fetched, kept apart from ours: /spiffe/bundle never carries it (Federation §5.1).
        app.MapGet("/spiffe/bundle/{trustDomain}", async (string trustDomain, HttpContext http, BundleCache bundles, IGrainFactory grains, FederationRelationships relationships) =>
        {
            if (!TrustDomain.TryParse(trustDomain, out var td, out var error))
                return Problems.BadRequest($"'{trustDomain}' is not a trust domain name: {error}");
            if (td == bundles.TrustDomain)
            {
                var local = await bundles.GetAsync();
                return Bundle(http, local.Sequence, local.Json);
            }

            if (!relationships.TryFind(td, out var relationship))
                return Problems.NotFound($"no bundle is known for trust domain {td}; federation is not configured for it");
            var bundle = grains.GetGrain<IFederatedBundleGrain>(GrainKeys.FederatedBundle(td));
            if (await bundle.GetBundleAsync() is { } view)
                return Bundle(http, view.Sequence, view.Json);
            var status = await bundle.GetStatusAsync();
            return Problems.NotFound($"the bundle of trust domain {td} has not been fetched yet from {relationship.BundleEndpointUrl}"
                + (status.LastError is { } lastError ? $"; the last attempt failed: {lastError}" : "; the first fetch is pending"));
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

    /// <summary>A bundle document with the headers every bundle answer carries: revalidate each time, ETag = sequence.</summary>
    private static IResult Bundle(HttpContext http, long sequence, string json)
    {
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = $"\"{sequence}\"";
        return Results.Text(json, "application/json");
    }
}
