using System.Net;
using System.Text.Json.Nodes;
using Aims.Core.Signals;
using Aims.Core.Signals.Streams;
using Aims.Silo.Tests.Federation;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;

namespace Aims.Silo.Tests.Chaining;

/// <summary>
/// The two federated fabrics of <see cref="TwoFabricFixture"/> set up for identity chaining, plus a third, C
/// (<c>c.test</c>): A and C issue JWT authorization grants for B's authorization server; B trusts A's issuer (its keys
/// from A's <c>/oauth2/jwks</c>, subjects of <c>a.test</c>, partner policy <see cref="PartnerPolicy"/>) and not C's.
/// B also receives A's Shared Signals: a push stream at A (its receiver <see cref="SignalReceiverAtA"/>, an agent of A)
/// delivers to B's <c>/ssf/receive</c>, where A's transmitter may speak for agents of <c>a.test</c> only.
/// </summary>
public sealed class ChainingFabrics : TwoFabricFixture
{
    public const string DomainA = TrustDomainA;
    public const string DomainB = TrustDomainB;
    public const string DomainC = "c.test";

    /// <summary>The API in A's domain the agents' own access tokens are for.</summary>
    public const string ResourceA = "https://tools.a.test/api";

    /// <summary>The API in B's domain a chained token is for.</summary>
    public const string ResourceB = "https://tools.b.test/api";

    /// <summary>B's policy for the agents A asserts: <c>/agents/research/*</c> of A may get <c>tools.read</c> for <see cref="ResourceB"/>.</summary>
    public const string PartnerPolicy = "a-partners";

    /// <summary>The policy A and C register their agents under: tokens for their API, and grants for B.</summary>
    public const string AgentPolicy = "agents";

    /// <summary>B's SSF receiver identity at A: the <c>aud</c> of the SETs A sends B.</summary>
    public const string SignalReceiverAtA = $"spiffe://{DomainA}/receivers/fabric-b";

    private readonly ExternalTool.TempDirectory _dataC = ExternalTool.CreateTempDirectory();
    private readonly SiloPorts _portsC = SiloPorts.Allocate();
    private SiloProcess? _c;

    public SiloProcess C => _c ?? throw new InvalidOperationException("fabric C has not started");

    public string IssuerA => HttpUrl(PortsA);

    public string IssuerB => HttpUrl(PortsB);

    public string IssuerC => HttpUrl(_portsC);

    public override async Task InitializeAsync()
    {
        _c = SiloProcess.StartLocal("fabric-C", _dataC.Path, _portsC, new Dictionary<string, string>
        {
            ["Aims__TrustDomain"] = DomainC,
            ["Aims__Issuer"] = IssuerC,
            ["Aims__OAuth__ChainingPartners__0__Issuer"] = IssuerB,
            ["Aims__OAuth__ChainingPartners__0__GrantLifetimeSeconds"] = "30",
        });
        await base.InitializeAsync();
        await C.WaitReadyAsync();

        await PutPolicyAsync(A, AgentPolicy, AgentsPolicy(DomainA, IssuerA, IssuerB));
        await PutPolicyAsync(C, AgentPolicy, AgentsPolicy(DomainC, IssuerC, IssuerB));
        await PutPolicyAsync(B, PartnerPolicy, new JsonObject
        {
            ["description"] = "What the agents of a.test may get here, as a.test's authorization server asserts them",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = $"spiffe://{DomainA}/agents/research/*",
                ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("tools.read"), ["resources"] = new JsonArray(ResourceB) },
            }),
        });
        await SubscribeBToSignalsOfAAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
            if (_c is not null)
                await _c.DisposeAsync();
        }
        finally
        {
            _dataC.Dispose();
        }
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

    protected override void ConfigureA(IDictionary<string, string> environment)
    {
        environment["Aims__OAuth__ChainingPartners__0__Issuer"] = IssuerB;
        environment["Aims__OAuth__ChainingPartners__0__TokenEndpoint"] = IssuerB + "/oauth2/token";
    }

    protected override void ConfigureB(IDictionary<string, string> environment)
    {
        environment["Aims__OAuth__TrustedIssuers__0__Issuer"] = IssuerA;
        environment["Aims__OAuth__TrustedIssuers__0__JwksUri"] = IssuerA + "/oauth2/jwks";
        environment["Aims__OAuth__TrustedIssuers__0__TrustDomains__0"] = DomainA;
        environment["Aims__OAuth__TrustedIssuers__0__Policy"] = PartnerPolicy;

        // A's SSF transmitter: SETs signed with A's authorization-server keys, about agents of a.test only.
        environment["Aims__Signals__Transmitters__0__Issuer"] = IssuerA;
        environment["Aims__Signals__Transmitters__0__JwksUri"] = IssuerA + "/oauth2/jwks";
        environment["Aims__Signals__Transmitters__0__TrustDomains__0"] = DomainA;
        environment["Aims__Signals__Transmitters__0__Audiences__0"] = SignalReceiverAtA;
    }

    /// <summary>
    /// What B's operator does once: registers B's receiver at A, gets it an <c>ssf.manage</c> token at A, and creates a
    /// push stream at A for the events that revoke an agent, delivered to B's <c>/ssf/receive</c>.
    /// </summary>
    private async Task SubscribeBToSignalsOfAAsync()
    {
        var svid = await SvidAsync(A, SignalReceiverAtA, register: true);
        using var anonymous = A.CreateHttpClient();
        var (status, json, text) = await OAuthSilo.PostFormAsync(anonymous, "/oauth2/token",
            ("grant_type", "client_credentials"), ("client_assertion_type", OAuthSilo.JwtBearer), ("client_assertion", svid),
            ("scope", "ssf.manage"), ("resource", IssuerA + "/ssf"));
        Assert.True(status == HttpStatusCode.OK, $"ssf.manage token at A: {(int)status} {text}\n{A.Describe()}");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/ssf/streams")
        {
            Content = new StringContent(new JsonObject
            {
                ["events_requested"] = new JsonArray(
                    SecurityEventTypes.CredentialCompromise, SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountPurged,
                    SecurityEventTypes.TokenClaimsChange),
                ["delivery"] = new JsonObject { ["method"] = DeliveryMethods.Push, ["endpoint_url"] = IssuerB + "/ssf/receive" },
                ["description"] = "fabric B: revokes what it issued to agents of a.test",
            }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", json.GetProperty("access_token").GetString());
        using var created = await anonymous.SendAsync(request);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"stream at A: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Every agent of the domain: join-token attestation, tokens for its API, and grants for B carrying at most
    /// tools.read; B's receiver may manage its SSF stream.
    /// </summary>
    private static JsonObject AgentsPolicy(string trustDomain, string issuer, string partner) => new()
    {
        ["description"] = $"agents of {trustDomain}",
        ["rules"] = new JsonArray(
            new JsonObject
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
            },
            new JsonObject
            {
                ["match"] = $"spiffe://{trustDomain}/receivers/*",
                ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                ["audiences"] = new JsonArray("*"),
                ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("ssf.manage"), ["resources"] = new JsonArray(issuer + "/ssf") },
            }),
    };

    private static async Task PutPolicyAsync(SiloProcess silo, string name, JsonObject document)
    {
        using var op = silo.CreateHttpClient(asOperator: true);
        await SiloApi.SendAsync(silo, op, HttpMethod.Put, $"/v1/policies/{name}", document.ToJsonString(), HttpStatusCode.Created);
    }
}
