using System.Text.Json;
using Aims.Testing;

namespace Aims.Silo.Tests.OAuth;

/// <summary>
/// <c>aims token client-credentials</c> and <c>aims token exchange</c> as an agent runs them: the CLI in its own process,
/// tokens passed through a file and a pipe, against a real silo.
/// </summary>
[Collection(UserDelegationSiloCollection.Name)]
public sealed class CliTokenExchangeTests(UserDelegationSiloFixture fixture)
{
    [Fact]
    public async Task TokenExchange_ViaCli_AgentBActsForAgentAWithActClaim_AndAReusedAssertionIsRefused()
    {
        var silo = fixture.Silo;
        using var temp = ExternalTool.CreateTempDirectory();
        using var keyA = new AgentKey();
        using var keyB = new AgentKey();
        var a = SiloApi.AgentId(SiloApi.UniqueName("cli-a"));
        var b = SiloApi.AgentId(SiloApi.UniqueName("cli-b"));
        var aSvids = await AgentAsync(a, keyA, fixture.TokenEndpoint);
        var bSvids = await AgentAsync(b, keyB, fixture.TokenEndpoint, fixture.Issuer);

        // Agent A gets a token addressed to agent B.
        var issued = await AimsAsync(null, "token", "client-credentials", "--assertion", aSvids[0], "--resource", b, "--scope", "read:reports", "--json");
        Assert.True(issued.ExitCode == 0, $"client-credentials: {issued.Output}\n{silo.Describe()}");
        var subjectToken = SiloApi.Parse(issued.StdOut).GetProperty("access_token").GetString()!;

        // Agent B exchanges it for a token to the reports API: its assertion from a file, the subject token from a pipe.
        var assertionFile = temp.File("b-assertion.jwt");
        await File.WriteAllTextAsync(assertionFile, bSvids[0] + "\n");
        string[] exchange =
        [
            "token", "exchange", "--assertion", "@" + assertionFile, "--subject-token", "-", "--actor-token", bSvids[1],
            "--resource", UserDelegationSiloFixture.Resource, "--scope", "read:reports",
        ];
        var exchanged = await AimsAsync(subjectToken + "\n", exchange);

        Assert.True(exchanged.ExitCode == 0, $"exchange: {exchanged.Output}\n{silo.Describe()}");
        var response = SiloApi.Parse(exchanged.StdOut);
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", response.GetProperty("issued_token_type").GetString());
        var claims = Claims(response.GetProperty("access_token").GetString()!);
        Assert.Equal(a, claims.GetProperty("sub").GetString());
        Assert.Equal(b, claims.GetProperty("client_id").GetString());
        Assert.Equal(b, claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("read:reports", claims.GetProperty("scope").GetString());

        // The same assertion again: RFC 7523 §3 single use. The CLI says which OAuth error and why, and exits 1.
        var replayed = await AimsAsync(subjectToken, exchange);

        Assert.Equal(1, replayed.ExitCode);
        Assert.Empty(replayed.StdOut);
        Assert.Contains("error: 401 invalid_client: ", replayed.StdErr, StringComparison.Ordinal);
        Assert.Contains("already used", replayed.StdErr, StringComparison.Ordinal);
    }

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "aims.dll");

    /// <summary>Runs <c>aims</c> with <c>--server</c> only: token commands authenticate as the agent, not the operator.</summary>
    private Task<ExternalTool.Result> AimsAsync(string? stdin, params string[] arguments) =>
        ExternalTool.RunAsync("dotnet", [CliDll, .. arguments, "--server", fixture.Silo.HttpUrl], stdin: stdin);

    /// <summary>Registers and attests an agent under the fixture's policy; one JWT-SVID per audience, in order.</summary>
    private async Task<string[]> AgentAsync(string id, AgentKey key, params string[] audiences)
    {
        var silo = fixture.Silo;
        using var op = silo.CreateHttpClient(asOperator: true);
        using var anonymous = silo.CreateHttpClient();
        await SiloApi.RegisterAgentAsync(silo, op, id, fixture.Policy);
        var joinToken = await SiloApi.CreateJoinTokenAsync(silo, op, id);
        var issued = await SiloApi.AttestAsync(silo, anonymous, id, joinToken, key, audiences);
        var svids = issued.GetProperty("jwt_svids").EnumerateArray().ToList();
        return [.. audiences.Select(audience => svids
            .Single(s => s.GetProperty("aud").EnumerateArray().Any(v => v.GetString() == audience))
            .GetProperty("token").GetString()!)];
    }

    private static JsonElement Claims(string jwt) =>
        SiloApi.Parse(System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1])));
}
