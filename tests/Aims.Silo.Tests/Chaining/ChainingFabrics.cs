using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;

namespace Aims.Silo.Tests.Chaining;

/// <summary>
/// Three independent fabrics, each one Local-profile silo process with its own trust domain and authorization server,
/// for identity chaining: <see cref="A"/> (<c>a.test</c>) and <see cref="C"/> (<c>c.test</c>) issue JWT authorization
/// grants for <see cref="B"/>'s authorization server; <see cref="B"/> (<c>b.test</c>) trusts A's issuer (its keys from
/// A's <c>/oauth2/jwks</c>, subjects of <c>a.test</c>, partner policy <see cref="PartnerPolicy"/>) and not C's.
/// </summary>
public sealed class ChainingFabrics : IAsyncLifetime
{
    public const string DomainA = "a.test";
    public const string DomainB = "b.test";
    public const string DomainC = "c.test";

    /// <summary>The API in A's domain the agents' own access tokens are for.</summary>
    public const string ResourceA = "https://tools.a.test/api";

    /// <summary>The API in B's domain a chained token is for.</summary>
    public const string ResourceB = "https://tools.b.test/api";

    /// <summary>B's policy for the agents A asserts: <c>/agents/research/*</c> of A may get <c>tools.read</c> for <see cref="ResourceB"/>.</summary>
    public const string PartnerPolicy = "a-partners";

    /// <summary>The policy A and C register their agents under: tokens for their API, and grants for B.</summary>
    public const string AgentPolicy = "agents";

    private readonly List<ExternalTool.TempDirectory> _data = [];
    private readonly SiloPorts _portsA = SiloPorts.Allocate();
    private readonly SiloPorts _portsB = SiloPorts.Allocate();
    private readonly SiloPorts _portsC = SiloPorts.Allocate();
    private SiloProcess? _a;
    private SiloProcess? _b;
    private SiloProcess? _c;

    public SiloProcess A => _a ?? throw new InvalidOperationException("fabric A has not started");

    public SiloProcess B => _b ?? throw new InvalidOperationException("fabric B has not started");

    public SiloProcess C => _c ?? throw new InvalidOperationException("fabric C has not started");

    public string IssuerA => Issuer(_portsA);

    public string IssuerB => Issuer(_portsB);

    public string IssuerC => Issuer(_portsC);

    public async Task InitializeAsync()
    {
        _a = Start("fabric-A", _portsA, DomainA, new Dictionary<string, string>
        {
            ["Aims__OAuth__ChainingPartners__0__Issuer"] = IssuerB,
            ["Aims__OAuth__ChainingPartners__0__TokenEndpoint"] = IssuerB + "/oauth2/token",
        });
        _b = Start("fabric-B", _portsB, DomainB, new Dictionary<string, string>
        {
            ["Aims__OAuth__TrustedIssuers__0__Issuer"] = IssuerA,
            ["Aims__OAuth__TrustedIssuers__0__JwksUri"] = IssuerA + "/oauth2/jwks",
            ["Aims__OAuth__TrustedIssuers__0__TrustDomains__0"] = DomainA,
            ["Aims__OAuth__TrustedIssuers__0__Policy"] = PartnerPolicy,
        });
        _c = Start("fabric-C", _portsC, DomainC, new Dictionary<string, string>
        {
            ["Aims__OAuth__ChainingPartners__0__Issuer"] = IssuerB,
            ["Aims__OAuth__ChainingPartners__0__GrantLifetimeSeconds"] = "30",
        });
        await Task.WhenAll(_a.WaitReadyAsync(), _b.WaitReadyAsync(), _c.WaitReadyAsync());

        await PutPolicyAsync(A, AgentPolicy, AgentsPolicy(DomainA, IssuerB));
        await PutPolicyAsync(C, AgentPolicy, AgentsPolicy(DomainC, IssuerB));
        await PutPolicyAsync(B, PartnerPolicy, new JsonObject
        {
            ["description"] = "What the agents of a.test may get here, as a.test's authorization server asserts them",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = $"spiffe://{DomainA}/agents/research/*",
                ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("tools.read"), ["resources"] = new JsonArray(ResourceB) },
            }),
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in new[] { _a, _b, _c })
        {
            if (silo is not null)
                await silo.DisposeAsync();
        }

        foreach (var directory in _data)
            directory.Dispose();
    }

    /// <summary>Registers and attests <paramref name="agentId"/> at <paramref name="silo"/>: a JWT-SVID for its token endpoint.</summary>
    public static async Task<string> SvidAsync(SiloProcess silo, string agentId, bool register)
    {
        using var op = silo.CreateHttpClient(asOperator: true);
        using var anonymous = silo.CreateHttpClient();
        if (register)
            await SiloApi.RegisterAgentAsync(silo, op, agentId, AgentPolicy);
        using var key = new AgentKey();
        var issuer = (await OAuthSilo.MetadataAsync(silo, anonymous)).GetProperty("issuer").GetString()!;
        return await OAuthSilo.SvidAsync(silo, op, anonymous, agentId, key, issuer + "/oauth2/token");
    }

    private static string Issuer(SiloPorts ports) => $"http://127.0.0.1:{ports.Http.ToString(CultureInfo.InvariantCulture)}";

    private SiloProcess Start(string name, SiloPorts ports, string trustDomain, Dictionary<string, string> environment)
    {
        var data = ExternalTool.CreateTempDirectory();
        _data.Add(data);
        environment["Aims__TrustDomain"] = trustDomain;
        environment["Aims__Issuer"] = Issuer(ports);
        return SiloProcess.StartLocal(name, data.Path, ports, environment);
    }

    /// <summary>Every agent of the domain: join-token attestation, tokens for its API, and grants for B carrying at most tools.read.</summary>
    private static JsonObject AgentsPolicy(string trustDomain, string partner) => new()
    {
        ["description"] = $"agents of {trustDomain}",
        ["rules"] = new JsonArray(new JsonObject
        {
            ["match"] = $"spiffe://{trustDomain}/agents/**",
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["audiences"] = new JsonArray("*"),
            ["oauth"] = new JsonObject
            {
                ["scopes"] = new JsonArray("tools.read", "tools.write"),
                ["resources"] = new JsonArray(ResourceA),
                ["chaining"] = new JsonObject { ["partners"] = new JsonArray(partner), ["scopes"] = new JsonArray("tools.read") },
            },
        }),
    };

    private static async Task PutPolicyAsync(SiloProcess silo, string name, JsonObject document)
    {
        using var op = silo.CreateHttpClient(asOperator: true);
        await SiloApi.SendAsync(silo, op, HttpMethod.Put, $"/v1/policies/{name}", document.ToJsonString(), HttpStatusCode.Created);
    }
}
