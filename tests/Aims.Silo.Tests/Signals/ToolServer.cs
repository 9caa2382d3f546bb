using System.Net;
using System.Net.Http.Headers;
using Aims.ResourceServer;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Signals;
using Aims.Silo.Tests.Cluster;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aims.Silo.Tests.Signals;

/// <summary>
/// A tool built on Aims.ResourceServer as an application wires it, talking to one silo of the cluster: it validates
/// the fabric's access tokens locally (no call to the fabric per request) and learns revocations and scope
/// reductions from its own SSF poll stream. <c>GET /reports</c> needs <c>read:reports</c>; <c>GET /reports/edit</c>
/// needs <c>read:reports write:reports</c>. The tool itself runs on an in-memory test server; its calls to the
/// fabric are real HTTP to the silo.
/// </summary>
internal sealed class ToolServer : IAsyncDisposable
{
    public const string ReadPath = "/reports";
    public const string EditPath = "/reports/edit";

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private ToolServer(string name, WebApplication app)
    {
        Name = name;
        _app = app;
        _client = app.GetTestClient();
    }

    /// <summary>Which silo the tool talks to, for failure messages.</summary>
    public string Name { get; }

    /// <summary>Starts the tool and waits until its SSF stream exists, so that no signal after this can pass it by.</summary>
    public static async Task<ToolServer> StartAsync(SiloProcess silo, string receiverId, Func<CancellationToken, Task<string>> clientAssertion, TimeSpan budget)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHttpClient(FabricHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => new IssuerToSilo(silo.HttpUrl));
        builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme).AddAimsAccessTokens(options =>
        {
            options.Issuer = ClusterSilos.Issuer;
            options.Resource = OAuthSilo.Resource;
            options.ScopesSupported = ["read:reports", "write:reports"];
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAimsSignalSubscriber(options =>
        {
            options.ReceiverId = receiverId;
            options.ClientAssertion = clientAssertion;
            options.PollTimeout = TimeSpan.FromSeconds(30);
            options.MinBackoff = TimeSpan.FromMilliseconds(250);
            options.MaxBackoff = TimeSpan.FromSeconds(2);
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(ReadPath, () => Results.Ok("q1-revenue")).RequireScope("read:reports");
        app.MapGet(EditPath, () => Results.Ok("edited")).RequireScope("read:reports", "write:reports");
        await app.StartAsync();
        var tool = new ToolServer($"tool on {silo.Name}", app);
        try
        {
            await app.Services.GetRequiredService<FabricSignalSubscriber>().Subscribed.WaitAsync(budget);
        }
        catch (TimeoutException)
        {
            await tool.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"the tool on {silo.Name} did not subscribe to the fabric's signals within {budget.TotalSeconds:0} s\n{silo.Describe()}");
        }

        return tool;
    }

    /// <summary>The status the tool answers a request to <paramref name="path"/> carrying <paramref name="token"/> with.</summary>
    public async Task<HttpStatusCode> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// Sends what the library addresses to the cluster's issuer (<c>https://issuer.aims.test</c>, a name that resolves
    /// nowhere here) to the silo's HTTP port instead, as DNS and a TLS-terminating proxy would in a deployment.
    /// </summary>
    private sealed class IssuerToSilo(string siloUrl) : DelegatingHandler(new SocketsHttpHandler())
    {
        private static readonly Uri Issuer = new(ClusterSilos.Issuer);
        private readonly Uri _silo = new(siloUrl);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && Uri.Compare(uri, Issuer, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0)
                request.RequestUri = new Uri(_silo, uri.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
