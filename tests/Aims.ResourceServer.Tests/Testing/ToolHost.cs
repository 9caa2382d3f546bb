using System.Security.Claims;
using Aims.Core.Tokens;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Metadata;
using Aims.ResourceServer.Signals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aims.ResourceServer.Tests.Testing;

/// <summary>
/// A tool server on a test server, wired as an application would wire it, talking to a <see cref="FakeFabric"/>
/// through the library's named HTTP client: <c>GET /reports</c> needs <c>read:reports</c>, <c>GET /whoami</c> any
/// valid token and echoes the claims, and the protected resource metadata is mapped.
/// </summary>
internal sealed class ToolHost : IAsyncDisposable
{
    public const string Resource = "https://reports.test";

    private readonly WebApplication _app;

    private ToolHost(WebApplication app)
    {
        _app = app;
        Server = app.GetTestServer();
        Client = Server.CreateClient();
    }

    public TestServer Server { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public RevocationCache Revocations => Services.GetRequiredService<RevocationCache>();

    public FabricSignalSubscriber Subscriber => Services.GetServices<IHostedService>().OfType<FabricSignalSubscriber>().Single();

    public static async Task<ToolHost> StartAsync(
        FakeFabric fabric,
        Action<FabricSignalOptions>? signals = null,
        string resource = Resource,
        bool realTime = false,
        Action<WebApplication>? map = null,
        Action<AimsResourceServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(realTime ? TimeProvider.System : fabric.Time);
        builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme).AddAimsAccessTokens(options =>
        {
            options.Issuer = FakeFabric.Issuer;
            options.Resource = resource;
            options.ScopesSupported = ["read:reports", "write:reports"];
            configure?.Invoke(options);
        });
        builder.Services.AddHttpClient(FabricHttp.ClientName).ConfigurePrimaryHttpMessageHandler(fabric.CreateHandler);
        builder.Services.AddAuthorization();
        if (signals is not null)
            builder.Services.AddAimsSignalSubscriber(signals);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapProtectedResourceMetadata();
        app.MapGet("/reports", () => "q1-revenue").RequireScope("read:reports");
        app.MapGet("/reports/edit", () => "edited").RequireScope("read:reports", "write:reports");
        app.MapGet("/whoami", (ClaimsPrincipal agent) => agent.Claims.Select(c => new[] { c.Type, c.Value }))
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(AimsAccessTokenDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        map?.Invoke(app);
        await app.StartAsync();
        return new ToolHost(app);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return Client.SendAsync(request);
    }

    /// <summary>A request on a connection that presented <paramref name="certificate"/> in the TLS handshake.</summary>
    public Task<HttpContext> GetWithCertificateAsync(string path, string token, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate) =>
        Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = path;
            context.Request.Headers.Authorization = "Bearer " + token;
            context.Connection.ClientCertificate = certificate;
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
