using Aims.Agent;
using Aims.Agent.Hosting;
using Aims.Agent.Node;
using Aims.Agent.Svids;
using Aims.Agent.Sync;
using Aims.Agent.WorkloadApi;
using Aims.Client.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Orleans.Configuration;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, NodeAgentOptions.SwitchMappings.ToDictionary());

NodeAgentOptions options;
try
{
    options = NodeAgentOptions.From(builder.Configuration, Environment.GetEnvironmentVariable);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync("aims-agent: " + e.Message);
    return 2;
}

WorkloadSocket.PrepareToBind(options.Endpoint);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // gRPC without TLS needs HTTP/2 only (h2c with prior knowledge); the socket is the only endpoint.
    kestrel.ListenUnixSocket(options.Endpoint.SocketPath, listen => listen.Protocols = HttpProtocols.Http2);
    kestrel.Limits.MaxRequestBodySize = 64 * 1024;
});
builder.Services.AddGrpc(grpc =>
{
    grpc.Interceptors.Add<SecurityHeaderInterceptor>();
    grpc.MaxReceiveMessageSize = 64 * 1024;
    grpc.EnableDetailedErrors = false;
});

builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);

// The cluster client's start waits for a silo; started concurrently, the socket is served meanwhile.
builder.Services.Configure<HostOptions>(host =>
{
    host.ServicesStartConcurrently = true;
    host.ServicesStopConcurrently = true;
});
builder.Services.AddHostedService<SocketPermissions>();
builder.AddAimsClient();
builder.Services.AddSingleton<IClientConnectionRetryFilter, PersistentConnectionRetry>();
builder.Services.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(15));

builder.Services.AddSingleton<ChangeFeed>();
builder.Services.AddSingleton<NodeIdentity>();
builder.Services.AddSingleton<Aims.Agent.Provenance.ProvenanceSource>();
if (options.Tpm is { } tpm)
    builder.Services.AddSingleton(new Aims.Agent.Tpm.TpmQuoter(tpm));
builder.Services.AddSingleton<TrustBundleSource>();
builder.Services.AddSingleton<EntrySource>();
builder.Services.AddSingleton<WorkloadIssuer>();
builder.Services.AddSingleton<X509SvidCache>();
builder.Services.AddSingleton<JwtSvidCache>();
builder.Services.AddHostedService<NodeAgentWorker>();

var app = builder.Build();
app.MapGrpcService<WorkloadApiService>();
await app.RunAsync();
return 0;
