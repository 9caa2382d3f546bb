using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Aims.Bench.Http;

/// <summary>
/// The load generator: <c>C</c> workers, each with one request in flight at a time, over an <see cref="HttpClient"/>
/// whose <see cref="SocketsHttpHandler"/> keeps at most <c>C</c> HTTP/1.1 keep-alive connections to the silo on loopback.
/// Request bodies are built before the clock starts; a worker only sends, reads the whole answer and checks for 200.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    public const string Name = "HttpClient + SocketsHttpHandler, HTTP/1.1 keep-alive";

    private static readonly MediaTypeHeaderValue FormType = new("application/x-www-form-urlencoded");

    private readonly HttpClient _client;
    private readonly Uri _endpoint;

    public LoadGenerator(Uri endpoint, int connections)
    {
        Connections = connections;
        _endpoint = endpoint;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public int Connections { get; }

    /// <summary>Sends every body once, <see cref="Connections"/> at a time; returns how many succeeded and the first failure.</summary>
    public async Task<LoadResult> RunAsync(IReadOnlyList<byte[]> bodies)
    {
        var next = -1;
        var failed = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                using var content = new ByteArrayContent(bodies[i]);
                content.Headers.ContentType = FormType;
                using var response = await _client.PostAsync(_endpoint, content);
                var answer = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode} {answer}", null);
                }
            }
        }));
        return new LoadResult(bodies.Count - failed, failed, clock.Elapsed, firstFailure);
    }

    public void Dispose() => _client.Dispose();
}
