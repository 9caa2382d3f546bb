using System.Net;
using System.Text.Json.Nodes;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests.Signals;

/// <summary>
/// A receiver written with npm <c>jose</c> (tests/interop/ssf-receiver.mjs) against a real silo process: SSF discovery,
/// stream creation over HTTP as SSF 1.0 describes it, a compromise, and each SET verified against <c>/oauth2/jwks</c>.
/// </summary>
public sealed class SsfJoseInteropTests(LocalSiloFixture fixture, ITestOutputHelper output) : IClassFixture<LocalSiloFixture>
{
    [NodeInteropFact]
    public async Task Compromise_SetsVerifiedByJoseReceiver()
    {
        var silo = fixture.Silo;
        using var op = silo.CreateHttpClient(asOperator: true);
        using var anon = silo.CreateHttpClient();
        var issuer = (await OAuthSilo.MetadataAsync(silo, anon)).GetProperty("issuer").GetString()!;

        var policy = SiloApi.UniqueName("ssf");
        await SiloApi.PutPolicyAsync(silo, op, policy, new JsonObject
        {
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = $"spiffe://{SiloApi.TrustDomain}/agents/**",
                ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                ["audiences"] = new JsonArray("*"),
                ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("ssf.manage"), ["resources"] = new JsonArray(issuer + "/ssf") },
            }),
        }.ToJsonString());
        var receiver = SiloApi.AgentId(SiloApi.UniqueName("siem"));
        var victim = SiloApi.AgentId(SiloApi.UniqueName("victim"));
        await SiloApi.RegisterAgentAsync(silo, op, receiver, policy);
        await SiloApi.RegisterAgentAsync(silo, op, victim, policy);

        using var key = new AgentKey();
        var assertion = await OAuthSilo.SvidAsync(silo, op, anon, receiver, key, issuer + "/oauth2/token");
        var (status, json, text) = await OAuthSilo.PostFormAsync(anon, "/oauth2/token",
            ("grant_type", "client_credentials"), ("client_assertion_type", OAuthSilo.JwtBearer), ("client_assertion", assertion),
            ("scope", "ssf.manage"), ("resource", issuer + "/ssf"));
        Assert.True(status == HttpStatusCode.OK, text);

        var raw = await NodeInterop.RunScriptAsync("ssf-receiver.mjs", issuer, json.GetProperty("access_token").GetString()!, victim, silo.AdminToken);
        output.WriteLine(raw.StdOut);
        var result = NodeInterop.ParseOutput(raw);
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{raw.Output}\n{silo.Describe()}");
        Assert.Equal(receiver, result.GetProperty("stream").GetProperty("aud").GetString());
    }
}
