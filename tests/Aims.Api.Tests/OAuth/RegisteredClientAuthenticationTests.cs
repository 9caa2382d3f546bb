using System.Net;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// Clients registered through RFC 7591 authenticating at the token and introspection endpoints: private_key_jwt
/// with a registered key is a confidential client (but never an agent), a public client authenticates nothing.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class RegisteredClientAuthenticationTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Introspect_PrivateKeyJwtOfRegisteredClient_Authenticated()
    {
        using var key = new AgentKey();
        var clientId = await RegisterConfidentialAsync(key, "k1");
        var (_, token) = await AgentTokenAsync();

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", Introspection(token, await AssertionAsync(key, clientId, "k1")));

        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.True(result.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_RegisteredClientWithMatchingClientIdParameter_Authenticated()
    {
        using var key = new AgentKey();
        var clientId = await RegisterConfidentialAsync(key, "k1");

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", OAuthWire.Form(
            ("token", "not-a-token"), ("client_id", clientId),
            ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", await AssertionAsync(key, clientId, "k1"))));

        Assert.False((await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_SameRegisteredClientAssertionTwice_SecondIsInvalidClient()
    {
        using var key = new AgentKey();
        var clientId = await RegisterConfidentialAsync(key, "k1");
        var assertion = await AssertionAsync(key, clientId, "k1");
        using (var first = await fixture.Anonymous.PostAsync("/oauth2/introspect", Introspection("not-a-token", assertion)))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await fixture.Anonymous.PostAsync("/oauth2/introspect", Introspection("not-a-token", assertion));

        Assert.Contains("already used", await OAuthWire.AssertErrorAsync(second, "invalid_client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspect_AssertionSignedWithAnUnregisteredKey_InvalidClient()
    {
        using var key = new AgentKey();
        using var stranger = new AgentKey();
        var clientId = await RegisterConfidentialAsync(key, "k1");

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", Introspection("not-a-token", await AssertionAsync(stranger, clientId, "k1")));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task Introspect_AssertionNamingAnUnknownKid_InvalidClient()
    {
        using var key = new AgentKey();
        var clientId = await RegisterConfidentialAsync(key, "k1");

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", Introspection("not-a-token", await AssertionAsync(key, clientId, "k2")));

        Assert.Contains("kid 'k2'", await OAuthWire.AssertErrorAsync(response, "invalid_client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspect_AssertionOfAnUnregisteredClientId_InvalidClient()
    {
        using var key = new AgentKey();

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", Introspection("not-a-token", await AssertionAsync(key, "never-registered", null)));

        Assert.Contains("not a registered client", await OAuthWire.AssertErrorAsync(response, "invalid_client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspect_PublicClientByClientIdOnly_InvalidClient()
    {
        var clientId = await RegisterPublicAsync();

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", OAuthWire.Form(("token", "not-a-token"), ("client_id", clientId)));

        Assert.Contains("public client", await OAuthWire.AssertErrorAsync(response, "invalid_client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspect_ConfidentialClientByClientIdOnly_InvalidClientAskingForItsAssertion()
    {
        using var key = new AgentKey();
        var clientId = await RegisterConfidentialAsync(key, "k1");

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", OAuthWire.Form(("token", "not-a-token"), ("client_id", clientId)));

        Assert.Contains("client_assertion", await OAuthWire.AssertErrorAsync(response, "invalid_client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_RegisteredPrivateKeyJwtClient_UnauthorizedClient()
    {
        using var key = new AgentKey();
        var clientId = await RegisterConfidentialAsync(key, "k1");

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(await AssertionAsync(key, clientId, "k1")));

        Assert.Contains("is for agents", await OAuthWire.AssertErrorAsync(response, "unauthorized_client"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_PublicClientByClientIdOnly_InvalidClient()
    {
        var clientId = await RegisterPublicAsync();

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form(
            ("grant_type", OAuthWire.ClientCredentials), ("client_id", clientId), ("scope", "read:reports"), ("resource", OAuthWire.Resource)));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task ClientCredentials_UnknownNonSpiffeClientId_InvalidClient()
    {
        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form(
            ("grant_type", OAuthWire.ClientCredentials), ("client_id", "never-registered"), ("resource", OAuthWire.Resource)));

        Assert.Contains("not a registered client", await OAuthWire.AssertErrorAsync(response, "invalid_client"), StringComparison.Ordinal);
    }

    private async Task<string> RegisterConfidentialAsync(AgentKey key, string kid) =>
        (await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PrivateKeyJwtClient(key, kid))).GetProperty("client_id").GetString()!;

    private async Task<string> RegisterPublicAsync() =>
        (await RegistrationWire.RegisterAsync(fixture.Anonymous, RegistrationWire.PublicClient())).GetProperty("client_id").GetString()!;

    private async Task<string> AssertionAsync(AgentKey signer, string clientId, string? kid) =>
        RegistrationWire.Assertion(signer, clientId, await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous), kid);

    private async Task<(string Id, string Token)> AgentTokenAsync()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        return (id, await OAuthWire.IssueAsync(fixture.Anonymous, svids[0]));
    }

    private static FormUrlEncodedContent Introspection(string token, string assertion) => OAuthWire.Form(
        ("token", token), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", assertion));
}
