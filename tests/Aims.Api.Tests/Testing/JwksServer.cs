using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Api.Tests.Testing;

/// <summary>
/// A tiny Kestrel server on a loopback port serving one JWK Set at <c>/jwks</c>, the way a partner issuer publishes
/// its <c>jwks_uri</c>. What it answers can be changed between requests; it counts the requests it gets.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private JwksServer(int port)
    {
        Uri = new Uri($"http://127.0.0.1:{port}/jwks");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapGet("/jwks", AnswerAsync);
        _app.MapGet("/elsewhere", () => Results.Text(Body, "application/json"));
    }

    public Uri Uri { get; }

    /// <summary>The JWK Set (or anything else) served.</summary>
    public string Body { get; set; } = """{"keys":[]}""";

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    /// <summary>When set, <c>/jwks</c> answers 302 to this path instead.</summary>
    public string? RedirectTo { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<JwksServer> StartAsync(int port, string body)
    {
        var server = new JwksServer(port) { Body = body };
        await server._app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (RedirectTo is { } target)
        {
            context.Response.Redirect(target);
            return;
        }

        context.Response.StatusCode = (int)Status;
        context.Response.ContentType = "application/jwk-set+json";
        await context.Response.WriteAsync(Body);
    }
}
