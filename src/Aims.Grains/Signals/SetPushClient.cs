using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Aims.Core.Signals;

namespace Aims.Grains.Signals;

/// <summary>
/// RFC 8935 push: POSTs one SET with <c>Content-Type: application/secevent+jwt</c> and <c>Accept: application/json</c>.
/// A 202 delivers it; a 400 with an RFC 8935 error body means the receiver will never accept it (not retried);
/// anything else (network, 5xx, 401/403, 429) is worth retrying later. One pooled client per silo.
/// </summary>
public sealed class SetPushClient(HttpClient http)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<PushOutcome> PushAsync(string endpointUrl, string? authorizationHeader, string set, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpointUrl)
        {
            Content = new StringContent(set, MediaTypeHeaderValue.Parse(SecurityEventClaims.MediaType)),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (authorizationHeader is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorizationHeader);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.StatusCode == HttpStatusCode.Accepted || response.IsSuccessStatusCode)
                return PushOutcome.Delivered;
            if (response.StatusCode == HttpStatusCode.BadRequest)
                return PushOutcome.Refused(await DescribeAsync(response, timeout.Token));
            return PushOutcome.Retry($"receiver answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return PushOutcome.Retry($"receiver unreachable: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PushOutcome.Retry($"receiver did not answer within {Timeout.TotalSeconds:0} s");
        }
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(body.Length > 4096 ? body[..4096] : body);
            var err = json.RootElement.TryGetProperty("err", out var e) ? e.GetString() : null;
            var description = json.RootElement.TryGetProperty("description", out var d) ? d.GetString() : null;
            return $"receiver refused the SET: {err} {description}".Trim();
        }
        catch (JsonException)
        {
            return "receiver refused the SET with 400 and no RFC 8935 error body";
        }
    }
}
