using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aims.Agent.Tests.Testing;

/// <summary>The fixtures' set-up calls to the silo's operator API: any failure stops the set-up with the silo's answer.</summary>
internal static class OperatorRequests
{
    public static async Task<JsonElement> SendAsync(HttpClient operatorClient, HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await operatorClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
