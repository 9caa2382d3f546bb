using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests.Cluster;

/// <summary>
/// Three Azure-profile silo processes on Azurite, each with its HTTP front end: a token issued through one silo is
/// introspected through another and revoked through the third, and every silo then answers for it the same way.
/// RFC 7009 revokes the one token named: a token derived from it by RFC 8693 exchange, and the client's other tokens,
/// stay active (ARCHITECTURE.md: revoking everything an agent holds is what compromise does), while the revoked
/// token can no longer be exchanged anywhere.
/// </summary>
public sealed class ThreeSiloTokenClusterTests(ITestOutputHelper output)
{
    private const string Issuer = ClusterSilos.Issuer;
    private const string Scope = "read:reports";

    private static readonly TimeSpan JoinBudget = TimeSpan.FromSeconds(30);

    [AzuriteFact]
    public async Task Cluster_IssueOnSilo1IntrospectOnSilo2RevokeOnSilo3_InactiveOnAllThreeAndDerivedTokensAsDesigned()
    {
        var cluster = AzureClusterSettings.Create(Azurite.RequireConnectionString(), "threesilo");
        using var data1 = ExternalTool.CreateTempDirectory();
        using var data2 = ExternalTool.CreateTempDirectory();
        using var data3 = ExternalTool.CreateTempDirectory();
        output.WriteLine($"cluster {cluster.ClusterId}");

        // Silo 1 first, so exactly one silo creates the trust domain's keys; the others join it.
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
            var (subjectAgent, actorAgent) = (SiloApi.AgentId(SiloApi.UniqueName("subject")), SiloApi.AgentId(SiloApi.UniqueName("actor")));
            var policy = await PutDelegationPolicyAsync(silo1, operators[0]);
            await SiloApi.RegisterAgentAsync(silo1, operators[0], subjectAgent, policy);
            await SiloApi.RegisterAgentAsync(silo1, operators[0], actorAgent, policy);
            foreach (var (silo, op) in silos.Zip(operators).Skip(1))
            {
                await SiloApi.EventuallyAsync(
                    JoinBudget,
                    async () => (await SiloApi.TrySendAsync(op, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(actorAgent)}", null)).Status == HttpStatusCode.OK,
                    () => string.Join('\n', silos.Select(s => s.Describe())));
            }

            using var subjectKey = new AgentKey();
            using var actorKey = new AgentKey();
            const string tokenEndpoint = Issuer + "/oauth2/token";
            var subjectAssertions = new[]
            {
                await OAuthSilo.SvidAsync(silo1, operators[0], anonymous[0], subjectAgent, subjectKey, tokenEndpoint),
                await OAuthSilo.SvidAsync(silo1, operators[0], anonymous[0], subjectAgent, subjectKey, tokenEndpoint),
            };
            var actorAssertions = new[]
            {
                await OAuthSilo.SvidAsync(silo2, operators[1], anonymous[1], actorAgent, actorKey, tokenEndpoint),
                await OAuthSilo.SvidAsync(silo3, operators[2], anonymous[2], actorAgent, actorKey, tokenEndpoint),
            };

            // Issued through silo 1, addressed to the actor so that the actor may exchange it.
            var token = await IssueAsync(silo1, anonymous[0], subjectAssertions[0], actorAgent);
            var sibling = await IssueAsync(silo1, anonymous[0], subjectAssertions[1], actorAgent);

            var viaSilo2 = await IntrospectAsync(silo2, operators[1], token);
            Assert.True(viaSilo2.GetProperty("active").GetBoolean(), viaSilo2.GetRawText());
            Assert.Equal(subjectAgent, viaSilo2.GetProperty("client_id").GetString());
            var derived = await ExchangeAsync(silo2, anonymous[1], actorAssertions[0], token);
            Assert.True((await IntrospectAsync(silo3, operators[2], derived)).GetProperty("active").GetBoolean());

            var (revokeStatus, _, revokeText) = await OAuthSilo.PostFormAsync(operators[2], "/oauth2/revoke", ("token", token));
            Assert.True(revokeStatus == HttpStatusCode.OK, $"revoke via silo-3: {(int)revokeStatus} {revokeText}\n{silo3.Describe()}");

            // Durable before acknowledged: from the revocation's answer on, no silo calls the token active.
            for (var i = 0; i < silos.Length; i++)
            {
                var revoked = await IntrospectAsync(silos[i], operators[i], token);
                Assert.False(revoked.GetProperty("active").GetBoolean(), $"{silos[i].Name}: {revoked.GetRawText()}");
                var stillDerived = await IntrospectAsync(silos[i], operators[i], derived);
                Assert.True(stillDerived.GetProperty("active").GetBoolean(), $"derived token via {silos[i].Name}: {stillDerived.GetRawText()}");
                Assert.Equal(subjectAgent, stillDerived.GetProperty("sub").GetString());
                var other = await IntrospectAsync(silos[i], operators[i], sibling);
                Assert.True(other.GetProperty("active").GetBoolean(), $"sibling token via {silos[i].Name}: {other.GetRawText()}");
            }

            // The revoked token is no subject for an exchange on any silo: silo 1 never saw the revocation itself.
            var (status, refused, text) = await OAuthSilo.PostFormAsync(anonymous[0], "/oauth2/token", ExchangeFields(actorAssertions[1], token));
            Assert.True(status == HttpStatusCode.BadRequest, $"exchange of a revoked token via silo-1: {(int)status} {text}");
            Assert.Equal("invalid_grant", refused.GetProperty("error").GetString());
            Assert.Contains("revoked", refused.GetProperty("error_description").GetString(), StringComparison.Ordinal);

            // Every silo appended to the one audit chain; it verifies through any of them.
            var (valid, count, raw) = await SiloApi.VerifyAuditAsync(silo3, operators[2]);
            Assert.True(valid, raw.GetRawText());
            var records = await SiloApi.SendAsync(silo2, operators[1], HttpMethod.Get, $"/v1/audit?agent={Uri.EscapeDataString(subjectAgent)}", null, HttpStatusCode.OK);
            Assert.Contains("token.revoke", records.GetRawText(), StringComparison.Ordinal);
            output.WriteLine($"audit chain valid with {count} records");
        }
        finally
        {
            foreach (var client in operators.Concat(anonymous))
                client.Dispose();
        }
    }

    /// <summary>Agents below <c>/agents/</c> may get <see cref="Scope"/> for one another and act for each other one hop deep.</summary>
    private static async Task<string> PutDelegationPolicyAsync(SiloProcess silo, HttpClient op)
    {
        var name = SiloApi.UniqueName("cluster");
        var document = new JsonObject
        {
            ["description"] = "three-silo cluster test",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = $"spiffe://{SiloApi.TrustDomain}/agents/**",
                ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                ["audiences"] = new JsonArray("*"),
                ["oauth"] = new JsonObject
                {
                    ["scopes"] = new JsonArray(Scope),
                    ["resources"] = new JsonArray(OAuthSilo.Resource, $"spiffe://{SiloApi.TrustDomain}/agents/*"),
                    ["delegation"] = new JsonObject { ["allowed"] = true, ["max_depth"] = 1 },
                },
            }),
        }.ToJsonString();
        await SiloApi.PutPolicyAsync(silo, op, name, document);
        return name;
    }

    private static async Task<string> IssueAsync(SiloProcess silo, HttpClient anon, string assertion, string resource)
    {
        var (status, json, text) = await OAuthSilo.PostFormAsync(anon, "/oauth2/token",
            ("grant_type", "client_credentials"), ("client_assertion_type", OAuthSilo.JwtBearer), ("client_assertion", assertion),
            ("scope", Scope), ("resource", resource));
        Assert.True(status == HttpStatusCode.OK, $"token via {silo.Name}: {(int)status} {text}\n{silo.Describe()}");
        return json.GetProperty("access_token").GetString()!;
    }

    private static async Task<string> ExchangeAsync(SiloProcess silo, HttpClient anon, string actorAssertion, string subjectToken)
    {
        var (status, json, text) = await OAuthSilo.PostFormAsync(anon, "/oauth2/token", ExchangeFields(actorAssertion, subjectToken));
        Assert.True(status == HttpStatusCode.OK, $"exchange via {silo.Name}: {(int)status} {text}\n{silo.Describe()}");
        return json.GetProperty("access_token").GetString()!;
    }

    private static (string Name, string Value)[] ExchangeFields(string actorAssertion, string subjectToken) =>
    [
        ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
        ("client_assertion_type", OAuthSilo.JwtBearer),
        ("client_assertion", actorAssertion),
        ("subject_token", subjectToken),
        ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
        ("resource", OAuthSilo.Resource),
    ];

    private static async Task<JsonElement> IntrospectAsync(SiloProcess silo, HttpClient op, string token)
    {
        var (status, json, text) = await OAuthSilo.PostFormAsync(op, "/oauth2/introspect", ("token", token));
        Assert.True(status == HttpStatusCode.OK, $"introspect via {silo.Name}: {(int)status} {text}\n{silo.Describe()}");
        return json;
    }
}
