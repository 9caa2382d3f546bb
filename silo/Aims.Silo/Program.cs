using Aims.Api;
using Aims.Core.Identity;
using Aims.Grains.Authority;
using Aims.Grains.Hosting;
using Aims.Silo;
using Microsoft.AspNetCore.Server.Kestrel.Https;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(AimsOptions.SectionName).Get<AimsOptions>() ?? new AimsOptions();
var trustDomain = TrustDomain.Parse(options.TrustDomain);
var dataDirectory = Path.GetFullPath(options.DataDirectory);
// Owner-only: the SQLite file, the operator token and the generated key-encryption key live here.
if (OperatingSystem.IsWindows())
    Directory.CreateDirectory(dataDirectory);
else
    Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

var azure = string.Equals(options.Profile, "Azure", StringComparison.OrdinalIgnoreCase);
builder.UseOrleans(silo =>
{
    if (azure)
        SiloProfiles.ConfigureAzure(silo, options);
    else
        SiloProfiles.ConfigureLocal(silo, options, dataDirectory);
});

if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null && builder.Configuration["Kestrel:Endpoints:Http:Url"] is null)
    builder.WebHost.UseUrls("http://127.0.0.1:5080", "https://127.0.0.1:5443");

builder.Services.AddSingleton<SiloServerCertificate>();
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
    kestrel.ConfigureHttpsDefaults(https =>
    {
        // mTLS: a client certificate is optional at the TLS layer and validated as an X509-SVID by the
        // X509Svid authentication scheme, against the live trust bundle.
        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        https.AllowAnyClientCertificate();
        var certificates = kestrel.ApplicationServices.GetRequiredService<SiloServerCertificate>();
        https.ServerCertificateSelector = (_, _) => certificates.Current;
    });
});

var (operatorToken, tokenPath) = OperatorTokenFile.Resolve(options, dataDirectory);
// Aims:Issuer, else the first configured HTTP(S) address (API.md "Starting it"). Silos of a cluster must share
// one issuer identity, and a wildcard listen address is no identity at all.
var urls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5080";
var issuer = options.Issuer ?? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
if (options.Issuer is null && (azure || !Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) || issuerUri.Host is "+" or "*" or "0.0.0.0" or "[::]"))
    throw new InvalidOperationException("Set Aims:Issuer (e.g. https://aims.example.com): the Azure profile and wildcard listen addresses need an explicit authorization server identity shared by every silo.");
builder.Services.AddSingleton(options.OAuth.Registration.ToLimits());
builder.Services.AddSingleton(new Aims.Core.Signals.Remediation.SignalTransmitterDirectory(
    options.Signals.Transmitters.Select(t => t.ToTransmitter(trustDomain, issuer.TrimEnd('/')))));
builder.Services.AddSingleton(options.Attestation.ToTrust(trustDomain));
// WPTs on the agent endpoints name the issuer or one of the configured URLs, never what the request's Host says.
var listenUrls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5080;https://127.0.0.1:5443";
builder.Services.AddSingleton(Aims.Api.Security.WorkloadProofAudiences.From(issuer, listenUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
builder.Services.AddAimsApi(trustDomain, operatorToken, issuer);
builder.Services.AddHostedService<AuthorityStartup>();

var app = builder.Build();
// Unhandled errors and framework rejections answer as RFC 9457 problems, never with an echo of the request.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapAimsApi();

var log = app.Services.GetRequiredService<ILogger<Program>>();
SiloLog.Starting(log, options.Profile, trustDomain.Name, dataDirectory);
if (tokenPath is not null)
    SiloLog.OperatorTokenWritten(log, tokenPath);

app.Run();

/// <summary>Entry point type, also used by WebApplicationFactory in tests.</summary>
public partial class Program;
