using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Bench.Http;

/// <summary>
/// A Local-profile silo process (SQLite in a temporary directory, free ports) with agents registered under one policy
/// and attested, ready for the token endpoint. Everything here goes through the public API (API.md), as an operator
/// and agents would; none of it is measured.
/// </summary>
internal sealed class HttpFixture : IAsyncDisposable
{
    public const string Scope = "bench:read";
    public const string Resource = "https://api.bench.example";
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    public const string TxnTokenType = "urn:ietf:params:oauth:token-type:txn_token";
    private const string TrustDomain = "aims.local";
    private const string AgentPath = "/bench/";
    private const int MintingAgents = 4;

    private readonly ExternalTool.TempDirectory _data;
    private readonly SiloProcess _silo;
    private readonly HttpClient _anonymous;
    private readonly List<BenchAgent> _agents = [];
    private HttpClient? _operatorClient;

    private HttpFixture(ExternalTool.TempDirectory data, SiloProcess silo)
    {
        _data = data;
        _silo = silo;
        _anonymous = silo.CreateHttpClient();
        SiloCpu = ProcessCpuTime.Of(silo.ProcessId);
    }

    public Uri TokenEndpoint => new(_silo.HttpUrl + "/oauth2/token");

    /// <summary>The audience of a JWT-SVID used as client assertion: the issuer's token endpoint (RFC 7523 §3).</summary>
    public string AssertionAudience { get; private set; } = string.Empty;

    public ProcessCpuTime SiloCpu { get; }

    public IReadOnlyList<BenchAgent> Agents => _agents;

    /// <summary>For agent <c>i</c>: a token it got with client credentials, addressed to agent <c>i + 1</c>, which exchanges it.</summary>
    public IReadOnlyList<string> SubjectTokens { get; private set; } = [];

    /// <summary>The silo's name, state and the last lines of its log, for failure messages.</summary>
    public string Describe() => _silo.Describe(40);

    public static async Task<HttpFixture> StartAsync(int agents, TextWriter progress)
    {
        var data = ExternalTool.CreateTempDirectory();
        var silo = SiloProcess.StartLocal("bench-silo", data.Path, environment: new Dictionary<string, string>
        {
            // The silo logs nothing per request: logging would be part of what is measured.
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var fixture = new HttpFixture(data, silo);
        try
        {
            await silo.WaitReadyAsync(TimeSpan.FromSeconds(120));
            // The operator token exists once the silo is ready (API.md "Starting it").
            fixture._operatorClient = silo.CreateHttpClient(asOperator: true);
            progress.WriteLine($"silo ready: pid {fixture.SiloCpu.ProcessId}, {silo.HttpUrl}, data {data.Path}");
            await fixture.SetUpAsync(agents, progress);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <paramref name="perAgent"/> fresh JWT-SVIDs for the token endpoint from each agent, through <c>POST /v1/svid/jwt</c>
    /// over mTLS. Each is good for one request: the replay cache makes client assertions single-use.
    /// </summary>
    /// <remarks>
    /// A few agents at a time: every renewal writes the agent's state, and many concurrent SQLite writers make the
    /// Local profile's storage wait on its write lock with blocked threads (bench/README.md, "What the figures say").
    /// </remarks>
    public async Task<string[][]> MintAssertionsAsync(int perAgent)
    {
        var minted = new string[_agents.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, _agents.Count), new ParallelOptions { MaxDegreeOfParallelism = MintingAgents }, async (a, cancellationToken) =>
        {
            var assertions = new string[perAgent];
            for (var i = 0; i < perAgent; i++)
            {
                using var response = await _agents[a].Mtls!.PostAsJsonAsync("v1/svid/jwt", new { audience = new[] { AssertionAudience } }, cancellationToken);
                var json = await ReadAsync(response, HttpStatusCode.OK, "POST /v1/svid/jwt");
                assertions[i] = json.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;
            }

            minted[a] = assertions;
        });
        return minted;
    }

    /// <summary>The form of a client_credentials request with a JWT-SVID as client assertion.</summary>
    public static byte[] ClientCredentialsForm(string assertion) => Form(
        ("grant_type", "client_credentials"), ("client_assertion_type", JwtBearer), ("client_assertion", assertion),
        ("scope", Scope), ("resource", Resource));

    /// <summary>The form of an RFC 8693 exchange: the actor authenticates with its JWT-SVID and presents the subject token.</summary>
    public static byte[] ExchangeForm(string actorAssertion, string subjectToken) => Form(
        ("grant_type", TokenExchange), ("client_assertion_type", JwtBearer), ("client_assertion", actorAssertion),
        ("subject_token", subjectToken), ("subject_token_type", AccessTokenType), ("resource", Resource));

    /// <summary>
    /// The form of a Txn-Token request (draft-ietf-oauth-transaction-tokens §6.1): the requesting workload authenticates
    /// with its JWT-SVID and presents an access token addressed to it; audience is the trust domain.
    /// </summary>
    public static byte[] TxnTokenForm(string requesterAssertion, string subjectToken) => Form(
        ("grant_type", TokenExchange), ("client_assertion_type", JwtBearer), ("client_assertion", requesterAssertion),
        ("subject_token", subjectToken), ("subject_token_type", AccessTokenType), ("requested_token_type", TxnTokenType),
        ("audience", TrustDomain), ("scope", Scope), ("request_details", "{\"action\":\"bench\"}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
            agent.Dispose();
        _operatorClient?.Dispose();
        _anonymous.Dispose();
        await _silo.StopAsync(TimeSpan.FromSeconds(20));
        await _silo.DisposeAsync();
        _data.Dispose();
    }

    private HttpClient Operator => _operatorClient ?? throw new InvalidOperationException("the silo is not ready");

    private async Task SetUpAsync(int count, TextWriter progress)
    {
        using (var metadata = await _anonymous.GetAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative)))
            AssertionAudience = (await ReadAsync(metadata, HttpStatusCode.OK, "metadata")).GetProperty("token_endpoint").GetString()!;

        var policy = $"bench-{Guid.NewGuid():N}"[..14];
        using (var put = await Operator.PutAsync(new Uri($"/v1/policies/{policy}", UriKind.Relative), Json(Policy())))
            await ReadAsync(put, HttpStatusCode.Created, "PUT policy");

        var run = Guid.NewGuid().ToString("N")[..8];
        _agents.AddRange(Enumerable.Range(0, count).Select(i => new BenchAgent($"spiffe://{TrustDomain}{AgentPath}{run}-{i:D3}")));
        await Parallel.ForEachAsync(_agents, new ParallelOptions { MaxDegreeOfParallelism = MintingAgents }, async (agent, _) => await AttestAsync(agent, policy));
        progress.WriteLine($"{count} agents registered under policy {policy} and attested");

        // Agent i gets a token addressed to agent i + 1, which may act for it (RFC 8693 §1.1 delegation).
        var assertions = await MintAssertionsAsync(1);
        SubjectTokens = await Task.WhenAll(_agents.Select(async (agent, i) =>
        {
            var actor = _agents[(i + 1) % _agents.Count].Id;
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_assertion_type"] = JwtBearer,
                ["client_assertion"] = assertions[i][0],
                ["scope"] = Scope,
                ["resource"] = actor,
            });
            using var response = await _anonymous.PostAsync(new Uri("/oauth2/token", UriKind.Relative), content);
            return (await ReadAsync(response, HttpStatusCode.OK, "subject token")).GetProperty("access_token").GetString()!;
        }));
    }

    private async Task AttestAsync(BenchAgent agent, string policy)
    {
        using (var register = await Operator.PostAsync(new Uri("/v1/agents", UriKind.Relative), Json(new JsonObject { ["spiffe_id"] = agent.Id, ["policy"] = policy })))
            await ReadAsync(register, HttpStatusCode.Created, "POST /v1/agents");

        string joinToken;
        using (var created = await Operator.PostAsync(new Uri("/v1/join-tokens", UriKind.Relative), Json(new JsonObject { ["spiffe_id"] = agent.Id })))
            joinToken = (await ReadAsync(created, HttpStatusCode.Created, "POST /v1/join-tokens")).GetProperty("token").GetString()!;

        var body = new JsonObject
        {
            ["spiffe_id"] = agent.Id,
            ["evidence"] = new JsonArray(new JsonObject { ["type"] = "join_token", ["token"] = joinToken }),
            ["csr"] = agent.CsrPem(),
        };
        using var attest = await _anonymous.PostAsync(new Uri("/v1/attest", UriKind.Relative), Json(body));
        var issued = await ReadAsync(attest, HttpStatusCode.OK, "POST /v1/attest");
        agent.Attested(issued.GetProperty("x509_svid").GetString()!, _silo.CreateHttpsClient);
    }

    /// <summary>
    /// One rule for the bench agents: join-token attestation, JWT-SVIDs for the token endpoint that live 9 minutes (under
    /// the ten-minute cap on client assertions), the bench scope for the API and for one another, one hop of delegation,
    /// and transaction tokens from the access tokens addressed to them.
    /// </summary>
    private static JsonObject Policy() => new()
    {
        ["description"] = "Aims.Bench http",
        ["rules"] = new JsonArray(new JsonObject
        {
            ["match"] = $"spiffe://{TrustDomain}{AgentPath}**",
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["audiences"] = new JsonArray("*"),
            ["jwt_svid_ttl_seconds"] = 540,
            ["oauth"] = new JsonObject
            {
                ["scopes"] = new JsonArray(Scope),
                ["resources"] = new JsonArray(Resource, $"spiffe://{TrustDomain}{AgentPath}*"),
                ["access_token_ttl_seconds"] = 3600,
                ["delegation"] = new JsonObject { ["allowed"] = true, ["max_depth"] = 1 },
                ["transactions"] = new JsonObject { ["ttl_seconds"] = 300 },
            },
        }),
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static byte[] Form(params (string Name, string Value)[] fields) =>
        Encoding.ASCII.GetBytes(string.Join('&', fields.Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value)}")));

    private async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {text}\n{_silo.Describe(40)}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
