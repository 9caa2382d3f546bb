using Azure.Data.Tables;
using Aims.Core.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Aims.Client.Hosting;

public static class AimsClientHostingExtensions
{
    /// <summary>
    /// Adds an Orleans client connected per <paramref name="configure"/> and <see cref="AimsClient"/> as a singleton.
    /// </summary>
    public static IHostApplicationBuilder AddAimsClient(this IHostApplicationBuilder builder, Action<AimsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = FromConfiguration(builder.Configuration);
        configure?.Invoke(options);
        if (options.Profile == AimsClientProfile.Azure && string.IsNullOrEmpty(options.AzureConnectionString))
            throw new InvalidOperationException("The Azure profile needs AimsClientOptions.AzureConnectionString (or Aims:Azure:ConnectionString).");

        builder.UseOrleansClient(client =>
        {
            // Aims exceptions (e.g. an illegal state move) reach the caller as themselves, not as a codec error.
            client.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Aims."));
            switch (options.Profile)
            {
                case AimsClientProfile.Local:
                    client.UseLocalhostClustering(options.GatewayPort);
                    break;
                case AimsClientProfile.Azure:
                    client.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = options.ClusterId;
                        o.ServiceId = options.ServiceId;
                    });
                    client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(options.AzureConnectionString));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown client profile {options.Profile}.");
            }
        });

        var trustDomain = options.TrustDomain;
        builder.Services.AddSingleton(services => new AimsClient(
            services.GetRequiredService<IClusterClient>(),
            trustDomain,
            services.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }

    private static AimsClientOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new AimsClientOptions();
        if (configuration["Aims:TrustDomain"] is { Length: > 0 } trustDomain)
            options.TrustDomain = TrustDomain.Parse(trustDomain);
        if (configuration["Aims:Profile"] is { Length: > 0 } profile)
        {
            options.Profile = Enum.TryParse<AimsClientProfile>(profile, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Aims:Profile '{profile}' is neither Local nor Azure.");
        }

        if (int.TryParse(configuration["Aims:Local:GatewayPort"], out var gatewayPort))
            options.GatewayPort = gatewayPort;
        options.AzureConnectionString = configuration["Aims:Azure:ConnectionString"] ?? options.AzureConnectionString;
        options.ClusterId = configuration["Aims:Azure:ClusterId"] ?? options.ClusterId;
        options.ServiceId = configuration["Aims:Azure:ServiceId"] ?? options.ServiceId;
        return options;
    }
}
