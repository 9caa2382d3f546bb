using System.Net;
using System.Text.Json.Nodes;
using Aims.Silo.Tests.Cluster;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;

namespace Aims.Silo.Tests.Signals;

/// <summary>
/// Three Azure-profile silo processes on Azurite, started once for the tests of <see cref="ThreeSiloSignalsTests"/>,
/// with one configured user (so agents can hold delegation sessions) and one policy; and beside each silo a tool
/// built on Aims.ResourceServer that validates tokens locally and polls its own SSF stream through that silo.
/// Without Azurite nothing starts (the tests skip).
/// </summary>
public sealed class SignalClusterFixture : IAsyncLifetime
{
    public const string Issuer = ClusterSilos.Issuer;
    public const string TokenEndpoint = Issuer + "/oauth2/token";
    public const string SsfResource = Issuer + "/ssf";
    public const string Resource = OAuthSilo.Resource;
    public const string Scopes = "read:reports write:reports";
    public const string UserId = "alice";

    /// <summary>How long anything that travels between silos (or to a receiver) may take before the test fails.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);

    private readonly List<ExternalTool.TempDirectory> _data = [];
    private readonly List<SiloProcess> _silos = [];
    private readonly List<HttpClient> _operators = [];
    private readonly List<HttpClient> _anonymous = [];
    private readonly List<ToolServer> _tools = [];
    private readonly List<AgentClientKey> _receiverKeys = [];

    /// <summary>The user's password; only its PBKDF2 hash reaches the silos.</summary>
    internal string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    internal IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>One tool per silo, in silo order.</summary>
    internal IReadOnlyList<ToolServer> Tools => _tools;

    /// <summary>The policy every agent and receiver of these tests is registered under.</summary>
    internal string Policy { get; private set; } = string.Empty;

    /// <summary>Silo <paramref name="index"/> (0-based) with an operator client and an anonymous client for it.</summary>
    internal (SiloProcess Silo, HttpClient Operator, HttpClient Anonymous) Through(int index) => (_silos[index], _operators[index], _anonymous[index]);

    internal string DescribeAll() => string.Join('\n', _silos.Select(s => s.Describe()));

    public async Task InitializeAsync()
    {
        if (Azurite.UnavailableReason is not null && !Azurite.IsRequired)
            return;

        var cluster = AzureClusterSettings.Create(Azurite.RequireConnectionString(), "signals");
        var user = new Dictionary<string, string>
        {
            ["Aims__OAuth__Users__0__Id"] = UserId,
            ["Aims__OAuth__Users__0__PasswordHash"] = PasswordHashes.Pbkdf2Sha256(Password),
            ["Aims__OAuth__Users__0__DisplayName"] = "Alice Example",
        };

        // Silo 1 first, so exactly one silo creates the trust domain's keys; the others join it. The processes live
        // for the whole class, longer than one test.
        for (var i = 0; i < 3; i++)
            _data.Add(ExternalTool.CreateTempDirectory());
        _silos.Add(ClusterSilos.Start("silo-1", _data[0].Path, cluster, user, TimeSpan.FromMinutes(40)));
        await _silos[0].WaitReadyAsync();
        _silos.Add(ClusterSilos.Start("silo-2", _data[1].Path, cluster, user, TimeSpan.FromMinutes(40)));
        _silos.Add(ClusterSilos.Start("silo-3", _data[2].Path, cluster, user, TimeSpan.FromMinutes(40)));
        await Task.WhenAll(_silos[1].WaitReadyAsync(), _silos[2].WaitReadyAsync());
        _operators.AddRange(_silos.Select(s => s.CreateHttpClient(asOperator: true)));
        _anonymous.AddRange(_silos.Select(s => s.CreateHttpClient()));

        Policy = SiloApi.UniqueName("signals");
        await SiloApi.PutPolicyAsync(_silos[0], _operators[0], Policy, PolicyDocument());

        for (var i = 0; i < _silos.Count; i++)
        {
            var (receiver, key) = await ReceiverAsync($"tool-{i + 1}");
            _tools.Add(await ToolServer.StartAsync(_silos[i], receiver, _ => Task.FromResult(key.Assertion(receiver, TokenEndpoint)), Budget));
        }
    }

    /// <summary>
    /// A new SSF receiver under <c>/receivers/</c>, attested with its own key, visible on every silo; it gets
    /// <c>ssf.manage</c> tokens with private_key_jwt assertions signed by the key returned.
    /// </summary>
    internal async Task<(string Receiver, AgentClientKey Key)> ReceiverAsync(string name)
    {
        var receiver = $"spiffe://{SiloApi.TrustDomain}/receivers/{SiloApi.UniqueName(name)}";
        var (silo, op, anon) = Through(0);
        await SiloApi.RegisterAgentAsync(silo, op, receiver, Policy);
        var key = new AgentClientKey();
        _receiverKeys.Add(key);
        var joinToken = await SiloApi.CreateJoinTokenAsync(silo, op, receiver);
        await SiloApi.SendAsync(silo, anon, HttpMethod.Post, "/v1/attest",
            new { spiffe_id = receiver, evidence = new[] { new { type = "join_token", token = joinToken } }, csr = key.CsrPem() }, HttpStatusCode.OK);

        // The cluster has formed once what silo 1 wrote reads the same through the others.
        foreach (var (other, otherOp) in _silos.Zip(_operators).Skip(1))
        {
            await SiloApi.EventuallyAsync(Budget,
                async () => (await SiloApi.TrySendAsync(otherOp, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(receiver)}", null)).Status == HttpStatusCode.OK,
                () => other.Describe());
        }

        return (receiver, key);
    }

    /// <summary>An <c>ssf.manage</c> access token of <paramref name="receiver"/> for the SSF API, issued through silo <paramref name="silo"/>.</summary>
    internal async Task<string> SsfTokenAsync(string receiver, AgentClientKey key, int silo)
    {
        var (process, _, anon) = Through(silo);
        var (status, json, text) = await OAuthSilo.PostFormAsync(anon, "/oauth2/token",
        [
            ("grant_type", "client_credentials"),
            .. key.ClientAuthentication(receiver, TokenEndpoint),
            ("scope", "ssf.manage"),
            ("resource", SsfResource),
        ]);
        Assert.True(status == HttpStatusCode.OK, $"ssf.manage token for {receiver} via {process.Name}: {(int)status} {text}\n{process.Describe()}");
        return json.GetProperty("access_token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        try
        {
            // The tools first: each deletes its stream through its silo on the way out.
            foreach (var tool in _tools)
                await tool.DisposeAsync();
            foreach (var client in _operators.Concat(_anonymous))
                client.Dispose();
            foreach (var silo in _silos)
                await silo.DisposeAsync();
        }
        finally
        {
            foreach (var key in _receiverKeys)
                key.Dispose();
            foreach (var directory in _data)
                directory.Dispose();
        }
    }

    /// <summary>
    /// Receivers may get <c>ssf.manage</c> for the SSF API; agents get the reports scopes, for themselves and for the
    /// configured user. Access tokens live half an hour, so a refusal within a test is never their expiry.
    /// </summary>
    private static string PolicyDocument() => new JsonObject
    {
        ["description"] = "three-silo signal tests",
        ["rules"] = new JsonArray(
            new JsonObject
            {
                ["match"] = $"spiffe://{SiloApi.TrustDomain}/receivers/*",
                ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                ["oauth"] = new JsonObject
                {
                    ["scopes"] = new JsonArray("ssf.manage", "ssf.read"),
                    ["resources"] = new JsonArray(SsfResource),
                    ["access_token_ttl_seconds"] = 1800,
                },
            },
            new JsonObject
            {
                ["match"] = $"spiffe://{SiloApi.TrustDomain}/agents/*",
                ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                ["audiences"] = new JsonArray("*"),
                ["oauth"] = new JsonObject
                {
                    ["scopes"] = new JsonArray("read:reports", "write:reports"),
                    ["resources"] = new JsonArray(Resource),
                    ["users"] = new JsonArray(UserId),
                    ["access_token_ttl_seconds"] = 1800,
                },
            }),
    }.ToJsonString();
}
