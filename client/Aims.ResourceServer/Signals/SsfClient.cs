using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// The fabric's SSF 1.0 API as a receiver calls it: transmitter metadata (§7), stream create/read/delete (§8.1.1) and
/// RFC 8936 polls, each with our SSF access token. A refusal or an unexpected answer is an
/// <see cref="HttpRequestException"/> carrying the status, which the subscriber's loop backs off from.
/// </summary>
internal sealed class SsfClient(
    IHttpClientFactory httpClients, AimsResourceServerOptions server, FabricSignalOptions signals, Func<CancellationToken, Task<string>> accessToken)
{
    public const string ConfigurationWellKnown = "/.well-known/ssf-configuration";

    private static readonly TimeSpan ManagementTimeout = TimeSpan.FromSeconds(10);
    private const int MaxManagementBytes = 256 * 1024;

    /// <summary>
    /// SSF 1.0 §7.1, §7.2: the metadata at the well-known URI derived from the issuer, whose <c>issuer</c> must be
    /// identical to the one we were configured with; returns its <c>configuration_endpoint</c>.
    /// </summary>
    public async Task<string> DiscoverConfigurationEndpointAsync(CancellationToken cancellationToken)
    {
        var issuer = new Uri(server.Issuer);
        var url = issuer.GetLeftPart(UriPartial.Authority) + ConfigurationWellKnown + issuer.AbsolutePath.TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var metadata = await SendAsync(request, authorize: false, ManagementTimeout, MaxManagementBytes, cancellationToken);
        if (metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("issuer", out var issued) || issued.ValueKind != JsonValueKind.String || issued.GetString() != server.Issuer)
        {
            throw new HttpRequestException($"{url} is not the SSF metadata of {server.Issuer}: its issuer must be identical (SSF 1.0 section 7.2)");
        }

        if (!metadata.TryGetProperty("configuration_endpoint", out var endpoint) || endpoint.ValueKind != JsonValueKind.String
            || !FabricUrls.IsSameOrigin(endpoint.GetString()!, server.Issuer))
        {
            throw new HttpRequestException($"the SSF metadata at {url} has no configuration_endpoint on the fabric's origin (SSF 1.0 section 7.1)");
        }

        return endpoint.GetString()!;
    }

    /// <summary>SSF 1.0 §8.1.1.1: POST the receiver-supplied properties, expect 201 and the stream.</summary>
    public async Task<SsfStream> CreateStreamAsync(string configurationEndpoint, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, configurationEndpoint) { Content = JsonContent.Create(body) };
        return ReadStream(await SendAsync(request, authorize: true, ManagementTimeout, MaxManagementBytes, cancellationToken));
    }

    /// <summary>SSF 1.0 §8.1.1.2: the stream, or null when the fabric knows no such stream for us.</summary>
    public async Task<SsfStream?> ReadStreamAsync(string configurationEndpoint, string streamId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WithStreamId(configurationEndpoint, streamId));
        try
        {
            return ReadStream(await SendAsync(request, authorize: true, ManagementTimeout, MaxManagementBytes, cancellationToken));
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>SSF 1.0 §8.1.1.5.</summary>
    public async Task DeleteStreamAsync(string configurationEndpoint, string streamId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, WithStreamId(configurationEndpoint, streamId));
        await SendAsync(request, authorize: true, ManagementTimeout, MaxManagementBytes, cancellationToken);
    }

    /// <summary>RFC 8936 §2.4: one (long) poll carrying acknowledgements and errors.</summary>
    public async Task<PollResponse> PollAsync(string endpoint, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(body) };
        var json = await SendAsync(request, authorize: true, signals.PollTimeout, signals.MaxPollResponseBytes, cancellationToken);
        return PollResponse.TryRead(json, out var response, out var error) ? response : throw new HttpRequestException($"{endpoint}: {error}");
    }

    private SsfStream ReadStream(JsonElement json) =>
        SsfStream.TryRead(json, server.Issuer, signals.ReceiverId, out var stream, out var error) ? stream : throw new HttpRequestException(error);

    private static string WithStreamId(string endpoint, string streamId) =>
        endpoint + (endpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "stream_id=" + Uri.EscapeDataString(streamId);

    /// <returns>The JSON body, or an undefined element for an empty one (204).</returns>
    private async Task<JsonElement> SendAsync(HttpRequestMessage request, bool authorize, TimeSpan timeout, int maxBytes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (authorize)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await accessToken(deadline.Token));

        using var client = httpClients.CreateClient(FabricHttp.ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var body = await FabricHttp.ReadBoundedAsync(response.Content, maxBytes, deadline.Token);
        if (!response.IsSuccessStatusCode)
        {
            var detail = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512));
            throw new HttpRequestException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {detail}", null, response.StatusCode);
        }

        if (body.Length == 0)
            return default;
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
