using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Wimse;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Keys;
using Aims.ResourceServer.Signals;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer;

/// <summary>
/// Wiring of a resource server that accepts the fabric's agents:
/// <code>
/// services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme)
///     .AddAimsAccessTokens(o => { o.Issuer = "https://aims.example.com"; o.Resource = "https://reports.example.com"; });
/// services.AddAimsSignalSubscriber(o => o.ClientAssertion = ct => File.ReadAllTextAsync("/run/spiffe/ssf.jwt", ct));
/// …
/// app.MapProtectedResourceMetadata();
/// app.MapGet("/reports", …).RequireScope("read:reports");
/// </code>
/// </summary>
public static class ResourceServerServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="AimsAccessTokenDefaults.AuthenticationScheme"/> scheme, validating the fabric's access tokens
    /// locally (and, with <see cref="AimsResourceServerOptions.TrustDomain"/> set, WIT + WPT), with the services it
    /// shares with the signal subscriber: the options (checked at startup), the fabric's keys, the revocation cache
    /// and the <see cref="FabricHttp.ClientName"/> HTTP client; plus the WPT replay cache (<see cref="IWptReplayCache"/>,
    /// in memory unless the host registers another, e.g. one shared by its instances).
    /// </summary>
    public static AuthenticationBuilder AddAimsAccessTokens(this AuthenticationBuilder builder, Action<AimsResourceServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<AimsResourceServerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AimsResourceServerOptions>, AimsResourceServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RevocationCache>();
        services.TryAddSingleton<FabricJwks>();
        services.TryAddSingleton<FabricWitKeys>();
        services.TryAddSingleton<IWptReplayCache>(sp => new WptReplayCache(sp.GetRequiredService<IOptions<AimsResourceServerOptions>>().Value.ReplayCacheCapacity));
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<AimsResourceServerOptions>>().Value;
            return new ValidatedTokenCache<AccessToken>(settings.ValidatedTokenCacheCapacity, settings.ClockSkew);
        });
        services.TryAddSingleton<WorkloadProofVerifier>();
        services.AddHttpClient(FabricHttp.ClientName);
        return builder.AddScheme<AuthenticationSchemeOptions, AimsAccessTokenHandler>(AimsAccessTokenDefaults.AuthenticationScheme, null);
    }

    /// <summary>
    /// The hosted <see cref="FabricSignalSubscriber"/> that feeds the revocation cache from the fabric's SSF stream,
    /// and the <see cref="SignalIntake"/> that <c>MapAimsSignalReceiver</c> uses in push mode. Needs
    /// <see cref="AddAimsAccessTokens"/>. The SSF access token comes from <see cref="FabricSignalOptions.AccessToken"/>
    /// (the host decides how to get it) or, simpler, from client_credentials with the JWT-SVID that
    /// <see cref="FabricSignalOptions.ClientAssertion"/> returns.
    /// </summary>
    public static IServiceCollection AddAimsSignalSubscriber(this IServiceCollection services, Action<FabricSignalOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<FabricSignalOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FabricSignalOptions>, FabricSignalOptionsValidator>());
        services.TryAddSingleton<RevocationSignals>();
        services.TryAddSingleton<SignalIntake>();
        // One instance, resolvable by the host (its Subscribed task is a readiness signal) and run as a hosted service.
        services.TryAddSingleton<FabricSignalSubscriber>();
        services.AddHostedService(sp => sp.GetRequiredService<FabricSignalSubscriber>());
        return services;
    }
}
