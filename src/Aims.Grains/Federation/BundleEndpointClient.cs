using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Federation;

namespace Aims.Grains.Federation;

/// <summary>
/// Fetches a bundle document from a bundle endpoint (SPIFFE Federation §5). <c>https_web</c> validates the server
/// like any HTTPS client (Web PKI, host name); <c>https_spiffe</c> validates it only as the configured endpoint's
/// X509-SVID against the latest bundle of its trust domain. Redirects are followed (Federation §5.3), each hop
/// authenticated the same way, and never remembered. No client authentication is sent (§5.2).
/// </summary>
public sealed class BundleEndpointClient(TimeProvider time) : IDisposable
{
    private const int MaxRedirects = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _web = CreateClient(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = MaxRedirects,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    }, disposeHandler: true);

    /// <param name="endpointBundle">https_spiffe: the latest bundle of the endpoint's trust domain; ignored for https_web.</param>
    /// <returns>The document, or what went wrong, said so the operator can fix it.</returns>
    public async Task<BundleFetchResult> FetchAsync(FederationRelationship relationship, X509Bundle? endpointBundle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        if (relationship.Profile == BundleEndpointProfile.HttpsWeb)
            return await GetAsync(_web, relationship, () => null, cancellationToken);

        ArgumentNullException.ThrowIfNull(endpointBundle);
        string? refusal = null;
        var expected = relationship.EndpointSpiffeId!;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = MaxRedirects,
            SslOptions = new SslClientAuthenticationOptions
            {
                // The platform's verdict (Web PKI, host name) is irrelevant: only the X509-SVID check decides.
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    refusal = CheckServer(certificate, chain, expected, endpointBundle);
                    return refusal is null;
                },
            },
        };
        using var client = CreateClient(handler, disposeHandler: false);
        return await GetAsync(client, relationship, () => refusal, cancellationToken);
    }

    public void Dispose() => _web.Dispose();

    private string? CheckServer(X509Certificate? certificate, X509Chain? chain, Core.Identity.SpiffeId expected, X509Bundle bundle)
    {
        if (certificate is null)
            return "the bundle endpoint presented no server certificate";

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var presented = new List<X509Certificate2> { leaf };
        if (chain is not null)
        {
            // What the server sent besides its leaf; SslStream hands it over in the chain's extra store.
            presented.AddRange(chain.ChainPolicy.ExtraStore.Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)));
        }

        return BundleEndpointServerCheck.Check(presented, expected, bundle, time.GetUtcNow());
    }

    private static async Task<BundleFetchResult> GetAsync(
        HttpClient client, FederationRelationship relationship, Func<string?> serverRefusal, CancellationToken cancellationToken)
    {
        var url = relationship.BundleEndpointUrl;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                return BundleFetchResult.Failed($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}, not 200 with a bundle");
            if (response.Content.Headers.ContentLength > SpiffeBundleParser.MaxDocumentBytes)
                return BundleFetchResult.Failed($"GET {url} answered a body of {response.Content.Headers.ContentLength} bytes; a bundle is at most {SpiffeBundleParser.MaxDocumentBytes}");
            return BundleFetchResult.Fetched(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return BundleFetchResult.Failed(serverRefusal() is { } refusal
                ? $"GET {url}: {refusal}"
                : $"GET {url} failed: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : string.Empty)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BundleFetchResult.Failed($"GET {url} did not answer within {Timeout.TotalSeconds:0} s");
        }
    }

    private static HttpClient CreateClient(HttpMessageHandler handler, bool disposeHandler) =>
        new(handler, disposeHandler) { Timeout = Timeout, MaxResponseContentBufferSize = SpiffeBundleParser.MaxDocumentBytes };
}

/// <summary>The outcome of one fetch: the document as served, or why there is none.</summary>
public sealed record BundleFetchResult(string? Json, string? Error)
{
    public static BundleFetchResult Fetched(string json) => new(json, null);

    public static BundleFetchResult Failed(string error) => new(null, error);
}
