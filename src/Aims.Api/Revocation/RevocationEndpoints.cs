using Aims.Api.Http;
using Aims.Core.Identity;
using Aims.Core.Revocation;
using Aims.Grains;
using Aims.Grains.Revocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Aims.Api.Revocation;

/// <summary>
/// Revocation for relying parties that check X509-SVIDs (API.md "Public discovery and keys"): the CA's CRL (RFC 5280
/// §5) and an OCSP responder (RFC 6960, POST and the GET form of Appendix A.1). Public: they reveal only what a CRL does.
/// </summary>
public static class RevocationEndpoints
{
    public const string CrlMediaType = "application/pkix-crl";
    public const string OcspRequestMediaType = "application/ocsp-request";
    public const string OcspResponseMediaType = "application/ocsp-response";

    private const string OcspPath = "/ocsp";

    public static void MapRevocationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/crl", (HttpContext http, CrlCache crls) => CrlAsync(http, crls, null)).AllowAnonymous();
        app.MapGet("/crl/{kid}", (string kid, HttpContext http, CrlCache crls) =>
        {
            // The CA key id is its certificate's serial in hex (RFC 5280 §4.1.2.2: at most 20 octets).
            if (kid.Length is 0 or > 40 || !kid.All(Uri.IsHexDigit))
                return Task.FromResult(Problems.BadRequest($"'{kid}' is not a CA key id: use the CA certificate's serial number in hex (at most 40 digits); /crl serves the active CA's CRL"));
            return CrlAsync(http, crls, kid.ToLowerInvariant());
        }).AllowAnonymous();

        app.MapPost(OcspPath, OcspPostAsync).AllowAnonymous();
        app.MapGet(OcspPath + "/{**request}", OcspGetAsync).AllowAnonymous();
    }

    private static async Task<IResult> CrlAsync(HttpContext http, CrlCache crls, string? kid)
    {
        var crl = await crls.GetAsync(kid);
        if (crl is null)
        {
            return Problems.NotFound(kid is null
                ? "the trust domain has no active CA yet; try again once the authority has started"
                : $"no CA with key id {kid} signs for this trust domain (any more); /crl serves the active CA's CRL");
        }

        // Revalidate every time (a revocation must show at once); the ETag makes that cheap.
        var etag = $"\"{crl.CaKid}-{crl.Number}\"";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.LastModified = crl.ThisUpdate.ToString("R");
        if (http.Request.Headers.IfNoneMatch.Any(v => v == etag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(crl.Der!, CrlMediaType);
    }

    /// <summary>RFC 6960 Appendix A.1.1: the DER OCSPRequest as the body, Content-Type application/ocsp-request.</summary>
    private static async Task<IResult> OcspPostAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals(OcspRequestMediaType, StringComparison.OrdinalIgnoreCase))
            return Problems.UnsupportedMediaType($"send the DER OCSPRequest with Content-Type {OcspRequestMediaType} (RFC 6960 Appendix A.1)");
        if (http.Request.ContentLength > OcspLimits.MaxRequestBytes)
            return TooLarge();

        var body = await ReadBoundedAsync(http.Request);
        return body is null ? TooLarge() : await RespondAsync(grains, trustDomain, body);
    }

    /// <summary>RFC 6960 Appendix A.1.1: GET {url}/{url-encoding of the base64 of the DER OCSPRequest}.</summary>
    private static async Task<IResult> OcspGetAsync(HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        // The raw target, decoded once: the routed value has '%2F' left encoded and '+' is a base64 digit here.
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : http.Request.Path.Value ?? string.Empty;
        var start = raw.IndexOf(OcspPath + "/", StringComparison.Ordinal);
        var encoded = start < 0 ? string.Empty : raw[(start + OcspPath.Length + 1)..];
        var query = encoded.IndexOf('?', StringComparison.Ordinal);
        encoded = Uri.UnescapeDataString(query < 0 ? encoded : encoded[..query]);
        if (encoded.Length > ((OcspLimits.MaxRequestBytes + 2) / 3 * 4))
            return TooLarge();

        var der = new byte[(encoded.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(encoded, der, out var length)
            ? await RespondAsync(grains, trustDomain, der[..length])
            : Results.Bytes(OcspResponseWriter.Failure(OcspResponseStatus.MalformedRequest), OcspResponseMediaType);
    }

    private static async Task<IResult> RespondAsync(IGrainFactory grains, TrustDomain trustDomain, byte[] request)
    {
        var response = await grains.GetGrain<IRevocationResponderGrain>(GrainKeys.RevocationResponder(trustDomain)).RespondAsync(request);
        return Results.Bytes(response, OcspResponseMediaType);
    }

    private static IResult TooLarge() =>
        Problems.TooLarge($"an OCSP request is at most {OcspLimits.MaxRequestBytes} bytes of DER; ask about fewer certificates at once");

    /// <summary>The body, or null when it is larger than an OCSP request may be.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > OcspLimits.MaxRequestBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
