using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Aims.Grains;
using Aims.Grains.Authority;
using Aims.Grains.Credentials;
using Aims.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aims.Bench;

/// <summary>
/// A one-silo cluster in this process, wired like the Local profile (silo/Aims.Silo/SiloProfiles.cs) but with
/// memory grain storage, called through the co-hosted <see cref="IGrainFactory"/>.
/// </summary>
internal sealed class GrainFixture : IAsyncDisposable
{
    private readonly IHost _host;

    private GrainFixture(IHost host, IGrainFactory grains, ICredentialIssuerGrain issuer)
    {
        _host = host;
        Grains = grains;
        Issuer = issuer;
    }

    /// <summary>The silo's own grain factory: calls from here are local calls.</summary>
    public IGrainFactory Grains { get; }

    public ICredentialIssuerGrain Issuer { get; }

    public static async Task<GrainFixture> StartAsync()
    {
        var options = new AimsOptions
        {
            TrustDomain = IssuanceFixture.TrustDomain.Name,
            KeyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // Nothing may reach stdout: --json output goes there.
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            // Free ports, so that a silo someone else runs on this machine is left alone.
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.AddMemoryGrainStorage(StorageNames.Aims);
            silo.AddMemoryGrainStorage(StorageNames.PubSub);
            silo.UseInMemoryReminderService();
            silo.AddMemoryStreams(StorageNames.Signals);
            silo.AddAimsGrains(options, defaultKekFile: null);
        });

        var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(IssuanceFixture.TrustDomain)).RotateIfDueAsync();
        return new GrainFixture(host, grains, grains.GetGrain<ICredentialIssuerGrain>(GrainKeys.Issuer(IssuanceFixture.TrustDomain)));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
