using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Aims.Testing;

namespace Aims.Silo.Tests.Signals;

/// <summary>
/// A small RFC 8935 push endpoint on 127.0.0.1 that the test hosts: it takes a SET only with the Authorization header
/// the stream was configured with and <c>Content-Type: application/secevent+jwt</c>, answers 202 Accepted, and keeps
/// what it took. Verifying the SETs is the test's business (<see cref="SetVerifier"/>).
/// </summary>
internal sealed class SetPushReceiver : IDisposable
{
    private const string MediaType = "application/secevent+jwt";
    private const int MaxSetBytes = 64 * 1024;

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _sets = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly Task _serving;

    public SetPushReceiver()
    {
        var port = FreePorts.Next();
        EndpointUrl = $"http://127.0.0.1:{port}/ssf/push";
        AuthorizationHeader = "Bearer push-" + Guid.NewGuid().ToString("N");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The stream's <c>delivery.endpoint_url</c> (plain http is allowed to a loopback receiver).</summary>
    public string EndpointUrl { get; }

    /// <summary>The stream's <c>delivery.authorization_header</c>: the only value this receiver accepts.</summary>
    public string AuthorizationHeader { get; }

    /// <summary>Every SET taken so far, in arrival order.</summary>
    public IReadOnlyList<string> Sets => [.. _sets];

    /// <summary>Why pushes were refused (wrong header, media type, size), for failure messages.</summary>
    public IReadOnlyList<string> Refusals => [.. _refusals];

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var (status, error) = await TakeAsync(context.Request);
            response.StatusCode = (int)status;
            if (error is not null)
            {
                // RFC 8935 §2.3: an error body says what was wrong.
                _refusals.Enqueue(error);
                response.ContentType = "application/json";
                await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes($"{{\"err\":\"invalid_request\",\"description\":\"{error}\"}}"));
            }
        }
    }

    private async Task<(HttpStatusCode Status, string? Error)> TakeAsync(HttpListenerRequest request)
    {
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/ssf/push")
            return (HttpStatusCode.NotFound, $"{request.HttpMethod} {request.Url?.AbsolutePath} is not the push endpoint");
        if (request.Headers["Authorization"] != AuthorizationHeader)
            return (HttpStatusCode.Unauthorized, "the Authorization header is not the one configured for this stream");
        if (request.ContentType?.Split(';')[0].Trim() != MediaType)
            return (HttpStatusCode.BadRequest, $"Content-Type must be {MediaType}, not {request.ContentType}");
        if (request.ContentLength64 > MaxSetBytes)
            return (HttpStatusCode.BadRequest, $"a SET of {request.ContentLength64} bytes is larger than {MaxSetBytes}");

        using var reader = new StreamReader(request.InputStream, Encoding.ASCII);
        _sets.Enqueue((await reader.ReadToEndAsync()).Trim());
        return (HttpStatusCode.Accepted, null);
    }
}
