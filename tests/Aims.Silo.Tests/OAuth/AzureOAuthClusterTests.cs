using System.Net;
using System.Text.Json;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests.OAuth;

/// <summary>
/// Access tokens across a two-silo Azure-profile cluster on Azurite: a token issued by one silo is introspected and
/// revoked through the other, and the revocation outlives the silo that recorded it.
/// </summary>
public sealed class AzureOAuthClusterTests(ITestOutputHelper output)
{
    /// <summary>Every silo of a cluster must share one issuer (Aims:Issuer); by default each would name its own URL.</summary>
    private const string Issuer = "https://issuer.aims.test";

    [AzuriteFact]
    public async Task Cluster_TokenFromSilo1RevokedViaSilo2_InactiveEverywhereAndAfterSilo2Killed()
    {
        var cluster = AzureClusterSettings.Create(Azurite.RequireConnectionString(), "oauthcluster");
        using var data1 = ExternalTool.CreateTempDirectory();
        using var data2 = ExternalTool.CreateTempDirectory();
        using var key = new AgentKey();
        var agentId = SiloApi.AgentId(SiloApi.UniqueName("oauth"));
        output.WriteLine($"cluster {cluster.ClusterId}");

        await using var silo1 = Start("silo-1", data1.Path, cluster);
        await silo1.WaitReadyAsync();
        await using var silo2 = Start("silo-2", data2.Path, cluster);
        await silo2.WaitReadyAsync();
        using var op1 = silo1.CreateHttpClient(asOperator: true);
        using var anon1 = silo1.CreateHttpClient();
        using var op2 = silo2.CreateHttpClient(asOperator: true);
        Assert.Equal(Issuer, (await OAuthSilo.MetadataAsync(silo2, op2)).GetProperty("issuer").GetString());

        var policy = await OAuthSilo.PutPolicyAsync(silo1, op1);
        await SiloApi.RegisterAgentAsync(silo1, op1, agentId, policy);
        await SiloApi.EventuallyAsync(
            TimeSpan.FromSeconds(30),
            async () => (await SiloApi.TrySendAsync(op2, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(agentId)}", null)).Status == HttpStatusCode.OK,
            () => silo1.Describe() + "\n" + silo2.Describe());
        var assertion = await OAuthSilo.SvidAsync(silo1, op1, anon1, agentId, key, Issuer + "/oauth2/token");
        var accessToken = await OAuthSilo.IssueAsync(silo1, anon1, assertion);

        var viaSilo2 = await IntrospectAsync(silo2, op2, accessToken);
        Assert.True(viaSilo2.GetProperty("active").GetBoolean(), viaSilo2.GetRawText());
        Assert.Equal(agentId, viaSilo2.GetProperty("client_id").GetString());

        var (revokeStatus, _, revokeText) = await OAuthSilo.PostFormAsync(op2, "/oauth2/revoke", ("token", accessToken));
        Assert.True(revokeStatus == HttpStatusCode.OK, $"revoke via silo-2: {(int)revokeStatus} {revokeText}");

        var viaSilo1 = await IntrospectAsync(silo1, op1, accessToken);
        Assert.False(viaSilo1.GetProperty("active").GetBoolean(), viaSilo1.GetRawText());

        // The revocation must be durable: after silo 2 dies (it may have hosted the token's grain), silo 1 still says inactive.
        await silo2.KillAsync();
        var sawActive = new List<string>();
        var elapsed = await SiloApi.EventuallyAsync(
            TimeSpan.FromSeconds(90),
            async () =>
            {
                var (status, json, text) = await OAuthSilo.PostFormAsync(op1, "/oauth2/introspect", ("token", accessToken));
                if (status != HttpStatusCode.OK)
                    return false;
                if (json.GetProperty("active").GetBoolean())
                    sawActive.Add(text);
                return true;
            },
            () => silo1.Describe());
        output.WriteLine($"silo-2 SIGKILLed; silo-1 answered introspection after {elapsed.TotalSeconds:0.0} s");
        Assert.True(sawActive.Count == 0, "a revoked token was introspected as active after silo-2 died: " + string.Join("\n", sawActive));
    }

    private static SiloProcess Start(string name, string dataDirectory, AzureClusterSettings cluster)
    {
        var ports = SiloPorts.Allocate();
        var environment = new Dictionary<string, string>(cluster.ToEnvironment(ports)) { ["Aims__Issuer"] = Issuer };  // overrides the shared default
        return SiloProcess.Start(new SiloStartInfo(name, dataDirectory, ports, "Azure", environment));
    }

    private static async Task<JsonElement> IntrospectAsync(SiloProcess silo, HttpClient op, string token)
    {
        var (status, json, text) = await OAuthSilo.PostFormAsync(op, "/oauth2/introspect", ("token", token));
        Assert.True(status == HttpStatusCode.OK, $"introspect via {silo.Name}: {(int)status} {text}\n{silo.Describe()}");
        return json;
    }
}
