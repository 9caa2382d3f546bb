using Aims.Api.Bundles;
using Aims.Api.Endpoints;
using Aims.Api.OAuth;
using Aims.Api.OAuth.Authorize;
using Aims.Api.Security;
using Aims.Api.Signals;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aims.Api;

/// <summary>Registers and maps the HTTP front end; hostable in a silo or in a separate gateway with a cluster client.</summary>
public static class AimsApiExtensions
{
    /// <remarks>The host also registers the <see cref="Core.OAuth.Registration.ClientRegistrationLimits"/> it configured.</remarks>
    public static IServiceCollection AddAimsApi(this IServiceCollection services, TrustDomain trustDomain, string operatorToken, string issuer)
    {
        services.AddSingleton(new AuthorizationServerIssuer(issuer.TrimEnd('/')));
        services.AddSingleton(trustDomain);
        services.AddSingleton(new OperatorToken(operatorToken));
        services.AddSingleton<BundleCache>();
        services.AddSingleton<FederatedBundleCache>();
        services.AddSingleton<Revocation.CrlCache>();
        services.AddSingleton<Signals.SsfServices>();
        services.TryAddSingleton(Core.Signals.Remediation.SignalTransmitterDirectory.Empty);
        services.AddSingleton<TrustedIssuerKeys>();
        services.TryAddSingleton(Core.Federation.FederationRelationships.Empty);
        services.TryAddSingleton(Core.Attestation.AttestationTrust.Empty);
        services.AddSingleton<Attestation.EvidenceVerifier>();
        services.AddProblemDetails();
        // WIT + WPT on the agent endpoints: the audiences are the issuer and, when the host registers them first, its
        // other configured URLs.
        services.TryAddSingleton(new WorkloadProofAudiences([issuer.TrimEnd('/')]));
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(AuthSchemes.Operator, null)
            .AddScheme<AuthenticationSchemeOptions, X509SvidAuthenticationHandler>(AuthSchemes.X509Svid, null)
            .AddScheme<AuthenticationSchemeOptions, WitAuthenticationHandler>(AuthSchemes.Wit, null)
            .AddPolicyScheme(AuthSchemes.Agent, "WIT + WPT or X509-SVID", o =>
                o.ForwardDefaultSelector = context => WitAuthenticationHandler.IsPresent(context.Request) ? AuthSchemes.Wit : AuthSchemes.X509Svid);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthSchemes.OperatorPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.Operator).RequireRole("operator"))
            .AddPolicy(AuthSchemes.AgentPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.Agent).RequireClaim(AuthSchemes.SpiffeIdClaim));
        return services;
    }

    public static IEndpointRouteBuilder MapAimsApi(this IEndpointRouteBuilder app)
    {
        app.MapBundleEndpoints();
        app.MapAgentEndpoints();
        app.MapJoinTokenEndpoints();
        app.MapRegistrationEntryEndpoints();
        app.MapAttestationEndpoints();
        app.MapTpmKeyEndpoints();
        app.MapSvidEndpoints();
        app.MapPolicyEndpoints();
        app.MapAuditEndpoints();
        app.MapAuthorizationServerMetadata();
        app.MapAuthorizeEndpoints();
        app.MapTokenEndpoint();
        app.MapIntrospectionEndpoints();
        app.MapSsfConfigurationEndpoint();
        app.MapSsfStreamEndpoints();
        app.MapSsfPollEndpoint();
        app.MapSsfReceiverEndpoint();
        app.MapRegistrationEndpoint();
        app.MapOAuthClientEndpoints();
        app.MapCredentialRevocationEndpoints();
        app.MapFederationEndpoints();
        Revocation.RevocationEndpoints.MapRevocationEndpoints(app);
        return app;
    }
}
