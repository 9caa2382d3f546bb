using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Bench.Http;
using Aims.Testing;

namespace Aims.Bench.Workload;

/// <summary>
/// A Local-profile silo process and a node agent process (attested with a join token, serving the Workload API on a
/// Unix socket in a temporary directory), set up through the public API as an operator would, and registration
/// entries for this very process: the agent attests the benchmark's callers with the <c>unix</c> attestor, so every
/// entry selects this process by <c>unix:path</c>. None of the set-up is measured.
/// </summary>
internal sealed class WorkloadFixture : IAsyncDisposable
{
    public const string TrustDomain = "aims.local";
    public const string WorkloadPath = "/bench-workloads/";

    /// <summary>Policy's X509-SVID lifetime for the bench workloads; storm entries shorten theirs.</summary>
    public const int X509TtlSeconds = 3600;

    private const int SetUpParallelism = 4;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(40);
    private readonly ExternalTool.TempDirectory _root;
    private readonly SiloProcess _silo;
    private readonly HttpClient _operator;
    private NodeAgentProcess? _agent;
    private int _entries;

    private WorkloadFixture(ExternalTool.TempDirectory root, SiloProcess silo)
    {
        _root = root;
        _silo = silo;
        _operator = silo.CreateHttpClient(asOperator: true);
        SiloCpu = ProcessCpuTime.Of(silo.ProcessId);
    }

    public string NodeId { get; } = $"spiffe://{TrustDomain}/node/bench-{Guid.NewGuid():N}";

    public string SocketPath => Path.Combine(_root.Path, "agent.sock");

    public ProcessCpuTime SiloCpu { get; }

    public ProcessCpuTime AgentCpu { get; private set; } = null!;

    public NodeAgentProcess Agent => _agent ?? throw new InvalidOperationException("the agent has not started");

    /// <summary>How the agent names this process: <c>unix:path:</c> and the executable the kernel runs it from.</summary>
    public static string ThisProcessSelector => "unix:path:" + (Environment.ProcessPath ?? throw new InvalidOperationException("no process path"));

    public static async Task<WorkloadFixture> StartAsync(TextWriter progress)
    {
        var root = ExternalTool.CreateTempDirectory();
        var silo = SiloProcess.Start(new SiloStartInfo("bench-silo", Path.Combine(root.Path, "silo"), SiloPorts.Allocate(), "Local",
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }) { Lifetime = Lifetime });
        WorkloadFixture? fixture = null;
        try
        {
            await silo.WaitReadyAsync(TimeSpan.FromSeconds(120));
            fixture = new WorkloadFixture(root, silo);
            await fixture.StartAgentAsync(progress);
            return fixture;
        }
        catch
        {
            if (fixture is not null)
                await fixture.DisposeAsync();
            else
                await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Registers entries for this process (SPIFFE IDs <c>…/bench-workloads/{prefix}-{i}</c>) and waits until the agent
    /// has them. Returns each entry's SPIFFE ID and id.
    /// </summary>
    public async Task<IReadOnlyList<(string SpiffeId, string Id)>> CreateEntriesAsync(string prefix, int count, int? x509TtlSeconds = null)
    {
        var mark = Agent.LineCount;
        var created = new (string, string)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = SetUpParallelism }, async (i, _) =>
        {
            var spiffeId = $"spiffe://{TrustDomain}{WorkloadPath}{prefix}-{i:D6}";
            var body = new JsonObject
            {
                ["spiffe_id"] = spiffeId,
                ["parent_id"] = NodeId,
                ["selectors"] = new JsonArray(ThisProcessSelector),
            };
            if (x509TtlSeconds is { } ttl)
                body["x509_svid_ttl"] = ttl;
            created[i] = (spiffeId, (await SendAsync(HttpMethod.Post, "/v1/entries", body)).GetProperty("id").GetString()!);
        });
        _entries += count;
        await Agent.WaitForLogAsync($"Registration entries of this node: {_entries.ToString(CultureInfo.InvariantCulture)}", TimeSpan.FromSeconds(60), mark);
        return created;
    }

    /// <summary>Deletes entries and waits until the agent has dropped them.</summary>
    public async Task DeleteEntriesAsync(IReadOnlyList<(string SpiffeId, string Id)> entries)
    {
        var mark = Agent.LineCount;
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = SetUpParallelism }, async (entry, _) =>
            await SendAsync(HttpMethod.Delete, $"/v1/entries/{entry.Id}", new JsonObject { ["reason"] = "benchmark round done" }));
        _entries -= entries.Count;
        await Agent.WaitForLogAsync($"Registration entries of this node: {_entries.ToString(CultureInfo.InvariantCulture)}", TimeSpan.FromSeconds(60), mark);
    }

    /// <summary>The processes' state and the last lines of their logs, for failure messages.</summary>
    public string Describe() => $"{_silo.Describe(40)}\n--- node agent ---\n{_agent?.Tail(40)}";

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
            await _agent.DisposeAsync();
        _operator.Dispose();
        await _silo.StopAsync(TimeSpan.FromSeconds(20));
        await _silo.DisposeAsync();
        _root.Dispose();
    }

    /// <summary>
    /// One policy (nodes attest with a join token; bench workloads need the node agent's <c>unix</c> attestation, get
    /// hour-long X509-SVIDs and JWT-SVIDs for any audience), the node registered, the agent started with a join token.
    /// </summary>
    private async Task StartAgentAsync(TextWriter progress)
    {
        var policy = new JsonObject
        {
            ["description"] = "Aims.Bench workload",
            ["rules"] = new JsonArray(
                new JsonObject
                {
                    ["match"] = $"spiffe://{TrustDomain}/node/**",
                    ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                },
                new JsonObject
                {
                    ["match"] = $"spiffe://{TrustDomain}{WorkloadPath}**",
                    ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token", "unix"), ["required"] = new JsonArray("unix") },
                    ["x509_svid_ttl_seconds"] = X509TtlSeconds,
                    ["jwt_svid_ttl_seconds"] = 600,
                    ["audiences"] = new JsonArray("*"),
                }),
        };
        await SendAsync(HttpMethod.Put, "/v1/policies/default", policy);
        await SendAsync(HttpMethod.Post, "/v1/agents", new JsonObject { ["spiffe_id"] = NodeId });
        var token = (await SendAsync(HttpMethod.Post, "/v1/join-tokens", new JsonObject { ["spiffe_id"] = NodeId })).GetProperty("token").GetString()!;

        _agent = NodeAgentProcess.Start(new Dictionary<string, string>
        {
            ["Aims__Agent__EndpointSocket"] = "unix://" + SocketPath,
            ["Aims__Agent__NodeId"] = NodeId,
            ["Aims__Agent__JoinToken"] = token,
            ["Aims__Agent__DataDirectory"] = Path.Combine(_root.Path, "agent"),
            ["Aims__Agent__SyncInterval"] = "00:00:01",
            ["Aims__TrustDomain"] = TrustDomain,
            ["Aims__Profile"] = "Local",
            ["Aims__Local__GatewayPort"] = _silo.Ports.Gateway.ToString(CultureInfo.InvariantCulture),
            // Per-call lines are Debug; issuance lines (one per X509-SVID) stay, as in production.
            ["Logging__LogLevel__Default"] = "Information",
        });
        await Agent.WaitForLogAsync("attested with its join token", TimeSpan.FromSeconds(120));
        await Agent.WaitForLogAsync("Trust bundle of aims.local is now sequence", TimeSpan.FromSeconds(60));
        AgentCpu = ProcessCpuTime.Of(Agent.ProcessId);
        progress.WriteLine($"silo pid {SiloCpu.ProcessId} ({_silo.HttpUrl}), node agent pid {AgentCpu.ProcessId} on {SocketPath}");
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await _operator.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}\n{Describe()}");
        using var document = text.Length == 0 ? null : JsonDocument.Parse(text);
        return document?.RootElement.Clone() ?? default;
    }
}
