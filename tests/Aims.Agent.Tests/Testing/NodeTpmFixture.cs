using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Agent.Tests.Testing;

/// <summary>
/// The payments example of issue 5 with real processes: a silo that trusts one SLSA builder key and whose policy gives
/// <c>/agents/payments/*</c> SVIDs only on <c>tpm + unix + slsa</c>; a node agent attesting its node with a real
/// software TPM (swtpm, quoted by tpm2-tools over the cluster's nonce, AK enrolled by the operator, no join token);
/// and a second node agent attested with a join token only. Both look for provenance in one directory.
/// </summary>
public sealed class NodeTpmFixture : IAsyncLifetime
{
    public const string TrustDomain = "aims.local";
    public const string BuilderId = "https://builder.test/slsa-generator@v2";
    public const string Source = "git+https://git.test/acme/payments@refs/heads/main";

    private const string Policy = """
        {
          "description": "node TPM + workload provenance end-to-end tests",
          "rules": [
            { "match": "spiffe://aims.local/node/**", "attestation": { "allowed": ["join_token", "tpm"] } },
            { "match": "spiffe://aims.local/agents/payments/**",
              "attestation": { "allowed": ["join_token", "tpm", "unix", "slsa"], "required": ["tpm", "unix", "slsa"] },
              "x509_svid_ttl_seconds": 120 }
          ]
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("aims-node-tpm-e2e-").FullName;
    private SoftwareTpm? _tpm;
    private AgentProcess? _tpmAgent;
    private AgentProcess? _tokenAgent;

    /// <summary>The trusted builder's signing key (the silo is given its public key).</summary>
    public ECDsa BuilderKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public SiloProcess Silo { get; private set; } = null!;

    public HttpClient Operator { get; private set; } = null!;

    public string TpmNodeId { get; } = $"spiffe://{TrustDomain}/node/tpm-{Guid.NewGuid():N}";

    public string TokenNodeId { get; } = $"spiffe://{TrustDomain}/node/token-{Guid.NewGuid():N}";

    /// <summary>Id of the AK enrolled for the TPM node.</summary>
    public string AkId { get; private set; } = string.Empty;

    public string ProvenanceDirectory => Path.Combine(_root, "provenance");

    public string TpmNodeSocket => "unix://" + Path.Combine(_root, "tpm-agent.sock");

    public string TokenNodeSocket => "unix://" + Path.Combine(_root, "token-agent.sock");

    public AgentProcess TpmAgent => _tpmAgent ?? throw new InvalidOperationException("the TPM node agent has not started");

    public async Task InitializeAsync()
    {
        if (SoftwareTpm.UnavailableReason is not null && !SoftwareTpm.IsRequired)
            return;

        Directory.CreateDirectory(ProvenanceDirectory);
        var silo = new SiloStartInfo("silo", Path.Combine(_root, "silo"), SiloPorts.Allocate(), "Local", new Dictionary<string, string>
        {
            ["Aims__Attestation__Slsa__Builders__0__PublicKey"] = BuilderKey.ExportSubjectPublicKeyInfoPem(),
            ["Aims__Attestation__Slsa__Builders__0__BuilderIds__0"] = BuilderId,
        });
        Silo = SiloProcess.Start(silo);
        _tpm = await SoftwareTpm.StartAsync();
        await _tpm.RunAsync("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        await _tpm.RunAsync("tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "ecc", "-g", "sha256", "-s", "ecdsa", "-u", "ak.pem", "-f", "pem", "-n", "ak.name");
        await Silo.WaitReadyAsync();
        Operator = Silo.CreateHttpClient(asOperator: true);

        await SendAsync(HttpMethod.Put, "/v1/policies/default", JsonNode.Parse(Policy)!);
        await SendAsync(HttpMethod.Post, "/v1/agents", new JsonObject { ["spiffe_id"] = TpmNodeId });
        await SendAsync(HttpMethod.Post, "/v1/agents", new JsonObject { ["spiffe_id"] = TokenNodeId });
        var enrolled = await SendAsync(HttpMethod.Post, $"/v1/agents/{Uri.EscapeDataString(TpmNodeId)}/tpm-keys",
            new JsonObject { ["public_key"] = await File.ReadAllTextAsync(_tpm.File("ak.pem")) });
        AkId = enrolled.GetProperty("ak_id").GetString()!;
        var token = (await SendAsync(HttpMethod.Post, "/v1/join-tokens", new JsonObject { ["spiffe_id"] = TokenNodeId })).GetProperty("token").GetString()!;

        _tpmAgent = AgentProcess.Start(AgentEnvironment(TpmNodeId, TpmNodeSocket, "tpm-agent", TpmSettings(_tpm, "ak.ctx", "ak.pem")));
        _tokenAgent = AgentProcess.Start(AgentEnvironment(TokenNodeId, TokenNodeSocket, "token-agent", new Dictionary<string, string> { ["Aims__Agent__JoinToken"] = token }));
        await _tpmAgent.WaitForLogAsync($"attested with its TPM (AK {AkId})", TimeSpan.FromSeconds(90));
        await _tokenAgent.WaitForLogAsync("attested with its join token", TimeSpan.FromSeconds(90));
        await _tpmAgent.WaitForLogAsync("Trust bundle of aims.local is now sequence", TimeSpan.FromSeconds(30));
        await _tokenAgent.WaitForLogAsync("Trust bundle of aims.local is now sequence", TimeSpan.FromSeconds(30));
    }

    /// <summary>The <c>Aims:Agent:Tpm</c> settings for an AK of <paramref name="tpm"/>.</summary>
    public static Dictionary<string, string> TpmSettings(SoftwareTpm tpm, string akContext, string akPem) => new()
    {
        ["Aims__Agent__Tpm__Tcti"] = tpm.Tcti,
        ["Aims__Agent__Tpm__AkContext"] = tpm.File(akContext),
        ["Aims__Agent__Tpm__AkPublicKey"] = tpm.File(akPem),
        ["Aims__Agent__Tpm__Pcrs"] = "0,1,16",
    };

    /// <summary>The environment of a node agent of this fixture's silo.</summary>
    public Dictionary<string, string> AgentEnvironment(string nodeId, string socket, string dataDirectory, IReadOnlyDictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["Aims__Agent__EndpointSocket"] = socket,
            ["Aims__Agent__NodeId"] = nodeId,
            ["Aims__Agent__DataDirectory"] = Path.Combine(_root, dataDirectory),
            ["Aims__Agent__SyncInterval"] = "00:00:01",
            ["Aims__Agent__ProvenanceDirectory"] = ProvenanceDirectory,
            ["Aims__TrustDomain"] = TrustDomain,
            ["Aims__Profile"] = "Local",
            ["Aims__Local__GatewayPort"] = Silo.Ports.Gateway.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra)
            environment[key] = value;
        return environment;
    }

    /// <summary>A socket path under this fixture's directory.</summary>
    public string Socket(string name) => "unix://" + Path.Combine(_root, name + ".sock");

    /// <summary>Creates a registration entry under <paramref name="parentId"/>; returns its id.</summary>
    public async Task<string> CreateEntryAsync(string spiffeId, string parentId, params string[] selectors)
    {
        var body = new JsonObject
        {
            ["spiffe_id"] = spiffeId,
            ["parent_id"] = parentId,
            ["selectors"] = new JsonArray([.. selectors.Select(s => (JsonNode)JsonValue.Create(s))]),
        };
        return (await SendAsync(HttpMethod.Post, "/v1/entries", body)).GetProperty("id").GetString()!;
    }

    public Task<JsonElement> AgentAsync(string spiffeId) => SendAsync(HttpMethod.Get, $"/v1/agents/{Uri.EscapeDataString(spiffeId)}", null);

    public async Task<IReadOnlyList<JsonElement>> AuditAsync(string spiffeId)
    {
        var list = await SendAsync(HttpMethod.Get, $"/v1/audit?agent={Uri.EscapeDataString(spiffeId)}&limit=200", null);
        return [.. list.GetProperty("records").EnumerateArray()];
    }

    public static string NewPaymentsId(string name) => $"spiffe://{TrustDomain}/agents/payments/{name}-{Guid.NewGuid():N}";

    public string Describe() => $"{Silo?.Describe(80)}\n--- TPM node agent ---\n{_tpmAgent?.Log}\n--- join-token node agent ---\n{_tokenAgent?.Log}";

    public async Task DisposeAsync()
    {
        Operator?.Dispose();
        if (_tpmAgent is not null)
            await _tpmAgent.DisposeAsync();
        if (_tokenAgent is not null)
            await _tokenAgent.DisposeAsync();
        if (Silo is not null)
            await Silo.DisposeAsync();
        if (_tpm is not null)
            await _tpm.DisposeAsync();
        BuilderKey.Dispose();
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
public sealed class NodeTpmCollection : ICollectionFixture<NodeTpmFixture>
{
    public const string Name = "Node TPM and workload provenance end to end";
}
