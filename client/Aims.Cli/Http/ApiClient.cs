using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aims.Cli.Connection;

namespace Aims.Cli.Http;

/// <summary>
/// Sends one request to the silo and hands back its JSON. A non-success answer becomes
/// <see cref="ServerRefusedException"/>, no answer becomes <see cref="ServerUnreachableException"/>.
/// </summary>
internal sealed class ApiClient(HttpClient http, ConnectionSettings settings)
{
    private const string JsonMediaType = "application/json";

    public Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken, bool authenticate = true) =>
        SendAsync(HttpMethod.Get, path, body: null, authenticate, cancellationToken);

    public Task<JsonDocument> PostAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, authenticate: true, cancellationToken);

    public Task<JsonDocument> PutAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, json, authenticate: true, cancellationToken);

    /// <summary>A DELETE with an optional JSON body; a 204 answer reads as an empty object.</summary>
    public Task<JsonDocument> DeleteAsync(string path, string? json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, json, authenticate: true, cancellationToken);

    /// <summary>An OAuth endpoint request: form-encoded (RFC 6749 §3.2), with or without the operator token.</summary>
    public Task<JsonDocument> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form, bool authenticate, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(form), authenticate, cancellationToken);

    private Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, bool authenticate, CancellationToken cancellationToken) =>
        SendAsync(method, path, body is null ? null : new StringContent(body, Encoding.UTF8, JsonMediaType), authenticate, cancellationToken);

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, HttpContent? content, bool authenticate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(settings.Server.GetLeftPart(UriPartial.Authority) + BasePath() + path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        request.Content = content;

        var token = authenticate ? settings.Token : null;
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ServerUnreachableException(settings.Server, e.InnerException?.Message ?? e.Message, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException(settings.Server, $"no answer within {http.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var detail = ProblemDetails.Describe(response.StatusCode, response.ReasonPhrase, text);
                if (status == 401 && authenticate)
                {
                    detail += token is null
                        ? $" (no operator token: pass --token, set {ConnectionSettings.TokenVariable}, or point --data-dir at the silo's data directory)"
                        : $" (sent the {token})";
                }

                throw new ServerRefusedException(status, detail);
            }

            return Parse(text);
        }
    }

    /// <summary>A server mounted under a path (<c>https://host/aims</c>) keeps that path in front of API paths.</summary>
    private string BasePath() => settings.Server.AbsolutePath.TrimEnd('/');

    private static JsonDocument Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return JsonDocument.Parse("{}");
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw ServerRefusedException.UnexpectedAnswer("the body is not JSON");
        }
    }
}
