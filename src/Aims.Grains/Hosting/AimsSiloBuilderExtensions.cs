using Aims.Grains.Authority;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aims.Grains.Hosting;

/// <summary>Registers what every Aims silo needs whatever its profile: options, key-encryption key, authority material, clock.</summary>
public static class AimsSiloBuilderExtensions
{
    /// <param name="defaultKekFile">Where a Local-profile silo keeps a generated KEK when none is configured; null to require one.</param>
    public static ISiloBuilder AddAimsGrains(this ISiloBuilder silo, AimsOptions options, string? defaultKekFile)
    {
        silo.Services.AddSingleton(Options.Create(options));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton(_ => KeyEncryptionKey.Load(options, defaultKekFile));
        silo.Services.AddSingleton<AuthorityMaterial>();
        silo.Services.AddSingleton<Credentials.SiloKeyRing>();
        silo.Services.AddSingleton<Credentials.AccessTokenMinter>();
        silo.Services.AddSingleton<Core.Tokens.RevocationCache>();
        silo.Services.AddSingleton<Signals.LocalTokenActivations>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Signals.SignalRelayStarter>();
        silo.Services.AddSingleton(_ => new Signals.SetPushClient(new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        })));
        silo.Services.AddSingleton(TrustedIssuerOptions.Directory(options.OAuth.TrustedIssuers));
        silo.Services.AddSingleton(ChainingPartnerOptions.Directory(options.OAuth.ChainingPartners));

        // Node grains verify TPM quotes and provenance against it; the host registers the configured one (Aims:Attestation).
        silo.Services.TryAddSingleton(Core.Attestation.AttestationTrust.Empty);

        silo.Services.AddSingleton(new FederationSettings(
            options.Federation.ToRelationships(Core.Identity.TrustDomain.Parse(options.TrustDomain)), options.Federation.MinRefresh));
        silo.Services.AddSingleton(provider => provider.GetRequiredService<FederationSettings>().Relationships);
        silo.Services.AddSingleton<Federation.BundleEndpointClient>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Federation.FederationStarter>();

        // Orleans serializes only System/Microsoft exceptions by default: without this an InvalidTransitionException
        // reaches the caller as CodecNotFoundException. Every client (Aims.Client) needs the same line.
        silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Aims."));
        return silo;
    }
}
