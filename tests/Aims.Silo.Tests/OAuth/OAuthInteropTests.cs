using System.Text.Json;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests.OAuth;

/// <summary>oauth4webapi and jose (tests/interop/oauth-client-credentials.mjs) against a real silo process.</summary>
public sealed class OAuthInteropTests(LocalSiloFixture fixture, ITestOutputHelper output) : IClassFixture<LocalSiloFixture>
{
    [NodeInteropFact]
    public async Task ClientCredentials_Oauth4webapiAndJose_DiscoverIssueVerifyIntrospectRevoke()
    {
        var silo = fixture.Silo;
        using var op = silo.CreateHttpClient(asOperator: true);
        using var anon = silo.CreateHttpClient();
        using var key = new AgentKey();
        var issuer = (await OAuthSilo.MetadataAsync(silo, anon)).GetProperty("issuer").GetString()!;
        var policy = await OAuthSilo.PutPolicyAsync(silo, op);
        var agentId = SiloApi.AgentId(SiloApi.UniqueName("interop"));
        await SiloApi.RegisterAgentAsync(silo, op, agentId, policy);
        var assertion = await OAuthSilo.SvidAsync(silo, op, anon, agentId, key, issuer + "/oauth2/token");

        var (result, raw) = await OAuthInterop.ClientCredentialsRoundTripAsync(
            issuer, agentId, assertion, OAuthSilo.Resource, "read:reports write:reports", silo.AdminToken);

        output.WriteLine(raw.StdOut);
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{raw.Output}\n{silo.Describe()}");
        Assert.Equal(0, raw.ExitCode);
        var metadata = result.GetProperty("metadata");
        Assert.Equal(issuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "/oauth2/token", metadata.GetProperty("token_endpoint").GetString());
        // Exactly the grants the token endpoint implements; never password or implicit.
        var grants = metadata.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Contains("client_credentials", grants);
        Assert.Contains("authorization_code", grants);
        Assert.Contains("refresh_token", grants);
        Assert.DoesNotContain("password", grants);
        Assert.DoesNotContain("implicit", grants);

        var token = result.GetProperty("token");
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.True(token.GetProperty("expires_in").GetInt64() > 0);
        Assert.Equal("read:reports", token.GetProperty("scope").GetString());

        Assert.Equal("at+jwt", result.GetProperty("header").GetProperty("typ").GetString());
        var claims = result.GetProperty("claims");
        Assert.Equal(issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(agentId, claims.GetProperty("sub").GetString());
        Assert.Equal(agentId, claims.GetProperty("client_id").GetString());
        Assert.Equal("read:reports", claims.GetProperty("scope").GetString());

        var before = result.GetProperty("introspection_before");
        Assert.True(before.GetProperty("active").GetBoolean());
        Assert.Equal(claims.GetProperty("jti").GetString(), before.GetProperty("jti").GetString());
        Assert.Equal(agentId, before.GetProperty("client_id").GetString());
        Assert.False(result.GetProperty("introspection_after").GetProperty("active").GetBoolean());
    }
}
