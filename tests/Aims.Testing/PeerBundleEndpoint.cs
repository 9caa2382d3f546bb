using System.Net;
using System.Text;
namespace Aims.Testing;

/// <summary>
/// A peer fabric's SPIFFE bundle endpoint on loopback plain HTTP (https_web allows it for loopback): serves whatever document
/// the test set last, or an error status. A real HTTP server, so the grain's real client fetches from it.
/// </summary>
public sealed class PeerBundleEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Lock _gate = new();
    private string _document = """{"keys":[]}""";
    private HttpStatusCode _status = HttpStatusCode.OK;

    public PeerBundleEndpoint(int port)
    {
        Url = $"http://127.0.0.1:{port}/spiffe/bundle";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Serve <paramref name="json"/> with 200 from now on.</summary>
    public void Serve(string json)
    {
        lock (_gate)
        {
            _document = json;
            _status = HttpStatusCode.OK;
        }
    }

    /// <summary>Answer every request with <paramref name="status"/> from now on.</summary>
    public void Fail(HttpStatusCode status)
    {
        lock (_gate)
            _status = status;
    }

    public void Dispose() => _listener.Close();

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

            string document;
            HttpStatusCode status;
            lock (_gate)
                (document, status) = (_document, _status);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            var body = Encoding.UTF8.GetBytes(status == HttpStatusCode.OK ? document : "{}");
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    /// <summary>One endpoint per test process, for fixtures whose configuration is fixed before any instance exists.</summary>
    public static PeerBundleEndpoint Shared { get; } = new(FreePorts.Next());
}
