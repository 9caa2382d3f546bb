using System.Net;
using System.Text.Json;

namespace Aims.Bench.Compromise;

/// <summary>
/// Issues access tokens through the three silos in turn (<c>client_credentials</c>, a pre-signed client assertion per
/// request): <c>C</c> workers, each with one request in flight, over HTTP/1.1 keep-alive connections to loopback. Every
/// request must succeed; the first failure ends the run with its answer.
/// </summary>
internal sealed class TokenLoad : IDisposable
{
    public const string Scope = "bench:read";
    public const string Resource = "https://api.bench.example";
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly HttpClient _client;
    private readonly IReadOnlyList<Uri> _endpoints;
    private readonly int _connections;

    public TokenLoad(IEnumerable<string> siloUrls, int connections)
    {
        _endpoints = [.. siloUrls.Select(url => new Uri(url + "/oauth2/token"))];
        _connections = connections;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseProxy = false,
            UseCookies = false,
        })
        {
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>One token per assertion; the <c>i</c>-th goes through silo <c>i mod 3</c>.</summary>
    public async Task<IssuedToken[]> IssueAsync(IReadOnlyList<string> assertions)
    {
        var issued = new IssuedToken[assertions.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, _connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < assertions.Count)
            {
                var silo = i % _endpoints.Count;
                using var content = new FormUrlEncodedContent(Form(assertions[i]));
                using var response = await _client.PostAsync(_endpoints[silo], content);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"token request {i} through silo {silo + 1}: {(int)response.StatusCode} {text}");
                using var json = JsonDocument.Parse(text);
                issued[i] = new IssuedToken(silo, json.RootElement.GetProperty("access_token").GetString()!);
            }
        }));
        return issued;
    }

    /// <summary>Sends one request with <paramref name="assertion"/> through <paramref name="silo"/>; returns the status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> TryIssueAsync(int silo, string assertion)
    {
        using var content = new FormUrlEncodedContent(Form(assertion));
        using var response = await _client.PostAsync(_endpoints[silo], content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _client.Dispose();

    private static KeyValuePair<string, string>[] Form(string assertion) =>
    [
        KeyValuePair.Create("grant_type", "client_credentials"),
        KeyValuePair.Create("client_assertion_type", JwtBearer),
        KeyValuePair.Create("client_assertion", assertion),
        KeyValuePair.Create("scope", Scope),
        KeyValuePair.Create("resource", Resource),
    ];
}
