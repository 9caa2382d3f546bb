using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Agent.Tests.Testing;

/// <summary>
/// A silo (Local profile) with authority keys that rotate every 150 s (a successor is prepared at 75 s and signs
/// from 125 s), a policy that gives workloads 60 s SVIDs, and a node agent attested with a join token and serving
/// the Workload API on a Unix socket. Workload processes come and go per test.
/// </summary>
public sealed class WorkloadApiFixture : IAsyncLifetime
{
    public const string TrustDomain = "aims.local";
    public const string Audience = "https://api.example";

    /// <summary>Short enough that a test sees the authority rotate, long enough to leave 25 s between publication and use.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromSeconds(150);

    private const string Policy = """
        {
          "description": "node agent end-to-end tests",
          "rules": [
            { "match": "spiffe://aims.local/node/**", "attestation": { "allowed": ["join_token"] } },
            { "match": "spiffe://aims.local/workloads/**",
              "attestation": { "allowed": ["join_token", "unix"], "required": ["unix"] },
              "x509_svid_ttl_seconds": 60, "jwt_svid_ttl_seconds": 60, "audiences": ["https://api.example"] }
          ]
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("aims-agent-e2e-").FullName;
    private SiloStartInfo? _siloInfo;
    private AgentProcess? _agent;

    public SiloProcess Silo { get; private set; } = null!;

    public AgentProcess Agent => _agent ?? throw new InvalidOperationException("the agent has not started");

    public HttpClient Operator { get; private set; } = null!;

    /// <summary>The foreign trust domain the silo federates with; its bundle is <see cref="PeerBundle"/>.</summary>
    public const string PeerTrustDomain = "peer.test";

    /// <summary>peer.test's bundle: one CA certificate and one jwt-svid key.</summary>
    public static FederatedPeerBundle PeerBundle { get; } = FederatedPeerBundle.Create(PeerTrustDomain);

    public string NodeId { get; } = $"spiffe://{TrustDomain}/node/e2e-{Guid.NewGuid():N}";

    /// <summary>The node agent's endpoint as a workload gets it in SPIFFE_ENDPOINT_SOCKET.</summary>
    public string EndpointSocket => "unix://" + Path.Combine(_root, "agent.sock");

    public async Task InitializeAsync()
    {
        PeerBundleEndpoint.Shared.Serve(PeerBundle.Json);
        _siloInfo = new SiloStartInfo("silo", Path.Combine(_root, "silo"), SiloPorts.Allocate(), "Local",
            new Dictionary<string, string>
            {
                ["Aims__Authority__KeyLifetime"] = KeyLifetime.ToString("c", CultureInfo.InvariantCulture),
                // The fabric federates with peer.test, whose bundle endpoint this test process serves.
                ["Aims__Federation__Relationships__0__TrustDomain"] = PeerTrustDomain,
                ["Aims__Federation__Relationships__0__BundleEndpointUrl"] = PeerBundleEndpoint.Shared.Url,
                ["Aims__Federation__Relationships__0__Profile"] = "https_web",
            });
        Silo = SiloProcess.Start(_siloInfo);
        await Silo.WaitReadyAsync();
        Operator = Silo.CreateHttpClient(asOperator: true);

        await SendAsync(HttpMethod.Put, "/v1/policies/default", JsonNode.Parse(Policy)!);
        await SendAsync(HttpMethod.Post, "/v1/agents", new JsonObject { ["spiffe_id"] = NodeId });
        var token = (await SendAsync(HttpMethod.Post, "/v1/join-tokens", new JsonObject { ["spiffe_id"] = NodeId })).GetProperty("token").GetString()!;

        _agent = AgentProcess.Start(new Dictionary<string, string>
        {
            ["Aims__Agent__EndpointSocket"] = EndpointSocket,
            ["Aims__Agent__NodeId"] = NodeId,
            ["Aims__Agent__JoinToken"] = token,
            ["Aims__Agent__DataDirectory"] = Path.Combine(_root, "agent"),
            ["Aims__Agent__SyncInterval"] = "00:00:01",
            ["Aims__TrustDomain"] = TrustDomain,
            ["Aims__Profile"] = "Local",
            ["Aims__Local__GatewayPort"] = Silo.Ports.Gateway.ToString(CultureInfo.InvariantCulture),
        });
        await Agent.WaitForLogAsync("attested with its join token", TimeSpan.FromSeconds(90));
        await Agent.WaitForLogAsync("Trust bundle of aims.local is now sequence", TimeSpan.FromSeconds(30));
    }

    /// <summary>Creates a registration entry under this fixture's node; returns its id.</summary>
    public async Task<string> CreateEntryAsync(string spiffeId, params string[] selectors)
    {
        var body = new JsonObject
        {
            ["spiffe_id"] = spiffeId,
            ["parent_id"] = NodeId,
            ["selectors"] = new JsonArray([.. selectors.Select(s => (JsonNode)JsonValue.Create(s))]),
        };
        return (await SendAsync(HttpMethod.Post, "/v1/entries", body)).GetProperty("id").GetString()!;
    }

    public Task DeleteEntryAsync(string id) => SendAsync(HttpMethod.Delete, $"/v1/entries/{id}", null);

    public static string NewWorkloadId(string name) => $"spiffe://{TrustDomain}/workloads/{name}-{Guid.NewGuid():N}";

    /// <summary>SIGTERM to the silo; the agent is left running.</summary>
    public Task StopSiloAsync() => Silo.StopAsync();

    /// <summary>The same silo again: same data directory and ports, so the agent's cluster client finds it.</summary>
    public async Task RestartSiloAsync()
    {
        await Silo.DisposeAsync();
        Silo = SiloProcess.Start(_siloInfo!);
        await Silo.WaitReadyAsync();
    }

    /// <summary>The fixture's state for a failure message.</summary>
    public string Describe() => $"{Silo.Describe(80)}\n--- node agent ---\n{_agent?.Log}";

    public async Task DisposeAsync()
    {
        Operator?.Dispose();
        if (_agent is not null)
            await _agent.DisposeAsync();
        if (Silo is not null)
            await Silo.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body) => OperatorRequests.SendAsync(Operator, method, path, body);
}

[CollectionDefinition(Name)]
public sealed class WorkloadApiCollection : ICollectionFixture<WorkloadApiFixture>
{
    public const string Name = "Workload API end to end";
}
