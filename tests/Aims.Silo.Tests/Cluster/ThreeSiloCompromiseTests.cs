using System.Net;
using System.Text.Json.Nodes;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests.Cluster;

/// <summary>
/// Compromise across three Azure-profile silo processes on Azurite: tokens issued through every silo; the compromise
/// goes through one silo, which is killed (SIGKILL) while the call is still fanning out. Whatever the dead silo
/// managed, once the agent's state reads Compromised, no surviving silo calls any of its tokens active; had the
/// compromise not been written, repeating it through a survivor gives the same end. Nothing revoked is ever valid again.
/// </summary>
public sealed class ThreeSiloCompromiseTests(ITestOutputHelper output)
{
    private const string Issuer = ClusterSilos.Issuer;
    private const string Scope = "read:reports";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);

    [AzuriteFact]
    public async Task Compromise_through_a_silo_killed_mid_fan_out_leaves_no_token_active_on_any_survivor()
    {
        var cluster = AzureClusterSettings.Create(Azurite.RequireConnectionString(), "compromise");
        using var data1 = ExternalTool.CreateTempDirectory();
        using var data2 = ExternalTool.CreateTempDirectory();
        using var data3 = ExternalTool.CreateTempDirectory();

        await using var silo1 = ClusterSilos.Start("silo-1", data1.Path, cluster);
        await silo1.WaitReadyAsync();
        await using var silo2 = ClusterSilos.Start("silo-2", data2.Path, cluster);
        await using var silo3 = ClusterSilos.Start("silo-3", data3.Path, cluster);
        await Task.WhenAll(silo2.WaitReadyAsync(), silo3.WaitReadyAsync());
        SiloProcess[] silos = [silo1, silo2, silo3];
        var operators = silos.Select(s => s.CreateHttpClient(asOperator: true)).ToArray();
        var anonymous = silos.Select(s => s.CreateHttpClient()).ToArray();
        try
        {
            var agent = SiloApi.AgentId(SiloApi.UniqueName("victim"));
            var policy = await PutPolicyAsync(silo1, operators[0]);
            await SiloApi.RegisterAgentAsync(silo1, operators[0], agent, policy);
            foreach (var (silo, op) in silos.Zip(operators).Skip(1))
            {
                await SiloApi.EventuallyAsync(Budget,
                    async () => (await SiloApi.TrySendAsync(op, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(agent)}", null)).Status == HttpStatusCode.OK,
                    () => string.Join('\n', silos.Select(s => s.Describe())));
            }

            using var key = new AgentKey();
            const string tokenEndpoint = Issuer + "/oauth2/token";
            var tokens = new List<string>();
            for (var i = 0; i < silos.Length; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var assertion = await OAuthSilo.SvidAsync(silos[i], operators[i], anonymous[i], agent, key, tokenEndpoint);
                    tokens.Add(await IssueAsync(silos[i], anonymous[i], assertion));
                }
            }

            foreach (var token in tokens)
                Assert.True(await ActiveAsync(silo3, operators[2], token));

            // Compromise through silo 2 and kill it while the call is still in flight.
            var compromise = SiloApi.TrySendAsync(operators[1], HttpMethod.Post, $"/v1/agents/{SiloApi.PathOf(agent)}/compromise",
                new JsonObject { ["reason"] = "key exfiltrated" }.ToJsonString());
            await Task.Delay(40);
            await silo2.KillAsync();
            try
            {
                var (status, _, _, _) = await compromise;
                output.WriteLine($"compromise through silo-2 answered {(int)status} before it died");
            }
            catch (HttpRequestException e)
            {
                output.WriteLine($"compromise through silo-2 got no answer: {e.Message}");
            }

            SiloProcess[] survivors = [silo1, silo3];
            HttpClient[] survivorOperators = [operators[0], operators[2]];
            var state = await AgentStateAsync(silo1, operators[0], agent);
            output.WriteLine($"after the kill the agent reads {state}");
            if (state != "compromised")
            {
                var (status, _, body, _) = await SiloApi.TrySendAsync(operators[0], HttpMethod.Post, $"/v1/agents/{SiloApi.PathOf(agent)}/compromise",
                    new JsonObject { ["reason"] = "key exfiltrated (repeated after the silo died)" }.ToJsonString());
                Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
            }

            for (var i = 0; i < survivors.Length; i++)
            {
                foreach (var token in tokens)
                    Assert.False(await ActiveAsync(survivors[i], survivorOperators[i], token), $"{survivors[i].Name} still calls a token of the compromised agent active");
            }

            var (valid, count, raw) = await SiloApi.VerifyAuditAsync(silo3, operators[2]);
            Assert.True(valid, raw.GetRawText());
            var records = await SiloApi.SendAsync(silo1, operators[0], HttpMethod.Get, $"/v1/audit?agent={Uri.EscapeDataString(agent)}", null, HttpStatusCode.OK);
            Assert.Contains("agent.compromise", records.GetRawText(), StringComparison.Ordinal);
            output.WriteLine($"audit chain valid with {count} records");
        }
        finally
        {
            foreach (var client in operators.Concat(anonymous))
                client.Dispose();
        }
    }

    private static async Task<string?> AgentStateAsync(SiloProcess silo, HttpClient op, string agent)
    {
        string? state = null;
        await SiloApi.EventuallyAsync(Budget, async () =>
        {
            var (status, json, _, _) = await SiloApi.TrySendAsync(op, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(agent)}", null);
            if (status != HttpStatusCode.OK)
                return false;
            state = json.GetProperty("state").GetString();
            return true;
        }, () => silo.Describe());
        return state;
    }

    private static async Task<string> PutPolicyAsync(SiloProcess silo, HttpClient op)
    {
        var name = SiloApi.UniqueName("compromise");
        var document = new JsonObject
        {
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = $"spiffe://{SiloApi.TrustDomain}/agents/**",
                ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                ["audiences"] = new JsonArray("*"),
                ["oauth"] = new JsonObject { ["scopes"] = new JsonArray(Scope), ["resources"] = new JsonArray(OAuthSilo.Resource) },
            }),
        }.ToJsonString();
        await SiloApi.PutPolicyAsync(silo, op, name, document);
        return name;
    }

    private static async Task<string> IssueAsync(SiloProcess silo, HttpClient anon, string assertion)
    {
        var (status, json, text) = await OAuthSilo.PostFormAsync(anon, "/oauth2/token",
            ("grant_type", "client_credentials"), ("client_assertion_type", OAuthSilo.JwtBearer), ("client_assertion", assertion),
            ("scope", Scope), ("resource", OAuthSilo.Resource));
        Assert.True(status == HttpStatusCode.OK, $"token via {silo.Name}: {(int)status} {text}\n{silo.Describe()}");
        return json.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// Introspects through <paramref name="silo"/>. Until the cluster has declared a killed silo dead, a call routed to
    /// it fails (500); such an answer says nothing about the token, so it is retried within the budget.
    /// </summary>
    private static async Task<bool> ActiveAsync(SiloProcess silo, HttpClient op, string token)
    {
        var active = true;
        await SiloApi.EventuallyAsync(Budget, async () =>
        {
            var (status, json, _) = await OAuthSilo.PostFormAsync(op, "/oauth2/introspect", ("token", token));
            if (status != HttpStatusCode.OK)
                return false;
            active = json.GetProperty("active").GetBoolean();
            return true;
        }, () => silo.Describe());
        return active;
    }
}
