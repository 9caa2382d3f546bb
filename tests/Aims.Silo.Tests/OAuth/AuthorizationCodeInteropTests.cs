using System.Text.Json;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests.OAuth;

/// <summary>
/// The authorization code flow with oauth4webapi and jose as the client (tests/interop/authorization-code.mjs): the
/// script signs in and allows through the HTML forms itself, redeems the code with PKCE and private_key_jwt, verifies
/// the access token against the JWK Set, refreshes, and replays the rotated-out refresh token.
/// </summary>
[Collection(UserDelegationSiloCollection.Name)]
public sealed class AuthorizationCodeInteropTests(UserDelegationSiloFixture fixture, ITestOutputHelper output)
{
    [NodeInteropFact]
    public async Task AuthorizationCode_Oauth4webapi_RedeemsWithPkceVerifiesRefreshesAndReuseIsInvalidGrant()
    {
        // Nothing listens on this redirect URI: the script reads the code from the redirect instead of following it.
        var redirectUri = $"http://127.0.0.1:{FreePorts.Next()}/callback";
        using var agent = await DelegatingAgent.CreateAsync(fixture, redirectUri);
        var config = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["issuer"] = fixture.Issuer,
            ["client_id"] = agent.Id,
            ["private_key_pem"] = agent.Key.PrivateKeyPem(),
            ["kid"] = agent.Key.Kid(),
            ["redirect_uri"] = redirectUri,
            ["username"] = UserDelegationSiloFixture.UserId,
            ["password"] = fixture.Password,
            ["scope"] = UserDelegationSiloFixture.Scopes,
            ["resource"] = UserDelegationSiloFixture.Resource,
        });

        var raw = await NodeInterop.RunScriptAsync("authorization-code.mjs", config);
        var result = NodeInterop.ParseOutput(raw);

        output.WriteLine(raw.StdOut);
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{raw.Output}\n{fixture.Silo.Describe()}");
        Assert.Equal(0, raw.ExitCode);

        var metadata = result.GetProperty("metadata");
        Assert.Equal(fixture.Issuer + "/oauth2/authorize", metadata.GetProperty("authorization_endpoint").GetString());
        Assert.Contains("S256", Strings(metadata.GetProperty("code_challenge_methods_supported")));
        Assert.Contains("authorization_code", Strings(metadata.GetProperty("grant_types_supported")));
        Assert.Contains("refresh_token", Strings(metadata.GetProperty("grant_types_supported")));
        Assert.True(metadata.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());

        var response = result.GetProperty("authorization_response");
        Assert.Equal(fixture.Issuer, response.GetProperty("iss").GetString());
        Assert.True(response.GetProperty("state_matched").GetBoolean());

        Assert.True(result.GetProperty("token").GetProperty("has_refresh_token").GetBoolean());
        Assert.Equal("at+jwt", result.GetProperty("header").GetProperty("typ").GetString());
        var claims = result.GetProperty("claims");
        Assert.Equal(fixture.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(UserDelegationSiloFixture.UserId, claims.GetProperty("sub").GetString());
        Assert.Equal(agent.Id, claims.GetProperty("client_id").GetString());

        var refreshed = result.GetProperty("refreshed");
        Assert.True(refreshed.GetProperty("refresh_token_rotated").GetBoolean());
        Assert.True(refreshed.GetProperty("jti_changed").GetBoolean());
        Assert.Equal(UserDelegationSiloFixture.UserId, refreshed.GetProperty("claims").GetProperty("sub").GetString());

        Assert.Equal("invalid_grant", result.GetProperty("reuse").GetProperty("error").GetString());
    }

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());
}
