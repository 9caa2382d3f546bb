using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Silo.Tests.Federation;

/// <summary>
/// <see cref="TwoFabricFixture"/> for <see cref="FederatedClientTests"/>: A issues JWT authorization grants for B's
/// authorization server (<c>Aims:OAuth:ChainingPartners</c>); B trusts A's issuer for subjects of <c>a.test</c> under
/// <see cref="PartnerPolicy"/> with <c>RequireClientAuthentication</c>, so A's agents must present their own SVID at B,
/// which B checks against its federated bundle of <c>a.test</c> (fetched by the base fixture's relationship).
/// </summary>
public sealed class FederatedClientFabrics : TwoFabricFixture, IAsyncLifetime
{
    /// <summary>The API in A's domain the agents' own access tokens are for.</summary>
    public const string ResourceA = "https://tools.a.test/api";

    /// <summary>The API in B's domain a chained token is for.</summary>
    public const string ResourceB = "https://tools.b.test/api";

    public const string AgentPolicy = "agents";

    public const string PartnerPolicy = "a-partners";

    public string IssuerA => HttpUrl(PortsA);

    public string IssuerB => HttpUrl(PortsB);

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        using (var op = A.CreateHttpClient(asOperator: true))
            await SiloApi.PutPolicyAsync(A, op, AgentPolicy, AgentsPolicy().ToJsonString());
        using (var op = B.CreateHttpClient(asOperator: true))
            await SiloApi.PutPolicyAsync(B, op, PartnerPolicy, PartnersPolicy().ToJsonString());
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    protected override void ConfigureA(IDictionary<string, string> environment)
    {
        environment["Aims__OAuth__ChainingPartners__0__Issuer"] = IssuerB;
        environment["Aims__OAuth__ChainingPartners__0__TokenEndpoint"] = IssuerB + "/oauth2/token";
    }

    protected override void ConfigureB(IDictionary<string, string> environment)
    {
        environment["Aims__OAuth__TrustedIssuers__0__Issuer"] = IssuerA;
        environment["Aims__OAuth__TrustedIssuers__0__JwksUri"] = IssuerA + "/oauth2/jwks";
        environment["Aims__OAuth__TrustedIssuers__0__TrustDomains__0"] = TrustDomainA;
        environment["Aims__OAuth__TrustedIssuers__0__Policy"] = PartnerPolicy;
        environment["Aims__OAuth__TrustedIssuers__0__RequireClientAuthentication"] = "true";
    }

    /// <summary>A's agents: join-token attestation, tokens for A's API, grants for B carrying at most tools.read.</summary>
    private JsonObject AgentsPolicy() => new()
    {
        ["description"] = $"agents of {TrustDomainA}",
        ["rules"] = new JsonArray(new JsonObject
        {
            ["match"] = $"spiffe://{TrustDomainA}/agents/**",
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["audiences"] = new JsonArray("*"),
            ["oauth"] = new JsonObject
            {
                ["scopes"] = new JsonArray("tools.read", "tools.write"),
                ["resources"] = new JsonArray(ResourceA),
                ["chaining"] = new JsonObject { ["partners"] = new JsonArray(IssuerB), ["scopes"] = new JsonArray("tools.read") },
            },
        }),
    };

    /// <summary>What B gives the agents A asserts: <c>/agents/research/*</c> may get tools.read for <see cref="ResourceB"/>.</summary>
    private static JsonObject PartnersPolicy() => new()
    {
        ["description"] = $"agents of {TrustDomainA} as its authorization server asserts them",
        ["rules"] = new JsonArray(new JsonObject
        {
            ["match"] = $"spiffe://{TrustDomainA}/agents/research/*",
            ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("tools.read"), ["resources"] = new JsonArray(ResourceB) },
        }),
    };
}
