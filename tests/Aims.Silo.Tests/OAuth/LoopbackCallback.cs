using System.Net;
using System.Text;
using Aims.Testing;

namespace Aims.Silo.Tests.OAuth;

/// <summary>
/// The agent's redirect URI: a listener on 127.0.0.1 (RFC 8252 §7.3, loopback redirection) that records the first
/// authorization response (RFC 6749 §4.1.2) the browser brings to <c>/callback</c>.
/// </summary>
internal sealed class LoopbackCallback : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly HttpListener _listener = new();
    private readonly TaskCompletionSource<IReadOnlyDictionary<string, string>> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serving;

    public LoopbackCallback()
    {
        var port = FreePorts.Next();
        RedirectUri = $"http://127.0.0.1:{port}/callback";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string RedirectUri { get; }

    /// <summary>Whether a response has arrived (a wrong password must not produce one).</summary>
    public bool HasResponse => _response.Task.IsCompleted;

    /// <summary>The query parameters of the authorization response; fails the test if none arrives within a minute.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResponseAsync()
    {
        try
        {
            return await _response.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"no authorization response reached {RedirectUri} within {Patience.TotalSeconds:0} s");
        }
    }

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
            if (context.Request.Url?.AbsolutePath != "/callback")
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
                continue;
            }

            var query = context.Request.QueryString;
            _response.TrySetResult(query.AllKeys.OfType<string>().ToDictionary(k => k, k => query[k] ?? string.Empty, StringComparer.Ordinal));
            var page = Encoding.UTF8.GetBytes("<!doctype html><title>done</title><p id=\"done\">The agent received the authorization response.</p>");
            response.ContentType = "text/html; charset=utf-8";
            await response.OutputStream.WriteAsync(page);
        }
    }
}
