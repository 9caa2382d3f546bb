using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// private_key_jwt (RFC 7523 §2.2) with the key the agent proved it holds when it got its X509-SVID: no secret is
/// ever registered; the key is known because the CSR carried it.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class PrivateKeyJwtTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task ClientCredentials_AssertionSignedWithTheX509SvidKey_Returns200()
    {
        using var key = new AgentKey();
        var (id, tokenEndpoint) = await AttestedAsync(key);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Request(Assertion(key, id, tokenEndpoint)));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(id, Wire.JwtPayload(body.GetProperty("access_token").GetString()!).GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task ClientCredentials_AssertionSignedWithAnotherKey_ReturnsInvalidClient()
    {
        using var key = new AgentKey();
        using var stranger = new AgentKey();
        var (id, tokenEndpoint) = await AttestedAsync(key);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Request(Assertion(stranger, id, tokenEndpoint, kidOf: key)));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task ClientCredentials_SameAssertionTwice_SecondIsInvalidClient()
    {
        using var key = new AgentKey();
        var (id, tokenEndpoint) = await AttestedAsync(key);
        var assertion = Assertion(key, id, tokenEndpoint);
        using (var first = await fixture.Anonymous.PostAsync("/oauth2/token", Request(assertion)))
            await Wire.AssertJsonAsync(first, HttpStatusCode.OK);

        using var second = await fixture.Anonymous.PostAsync("/oauth2/token", Request(assertion));

        var description = await OAuthWire.AssertErrorAsync(second, "invalid_client");
        Assert.Contains("already used", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_AssertionWhoseSubIsNotAString_ReturnsInvalidClientNot500()
    {
        static string Part(string json) => AgentKey.Base64Url(Encoding.UTF8.GetBytes(json));
        var assertion = Part("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + Part("{\"iss\":\"spiffe://aims.local/agents/x\",\"sub\":5}") + ".c2ln";

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Request(assertion));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task Metadata_ListsPrivateKeyJwt()
    {
        var metadata = await OAuthWire.MetadataAsync(fixture.Anonymous);

        Assert.Contains("private_key_jwt", metadata.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }

    private async Task<(string Id, string TokenEndpoint)> AttestedAsync(AgentKey key)
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var id = Wire.NewAgentId("pkjwt");
        await Wire.RegisterAsync(fixture.Operator, id, policy);
        var token = await Wire.JoinTokenAsync(fixture.Operator, id);
        var body = new JsonObject
        {
            ["spiffe_id"] = id,
            ["evidence"] = new JsonArray(new JsonObject { ["type"] = "join_token", ["token"] = token }),
            ["csr"] = key.CsrPem(),
        };
        using (var attest = await fixture.Anonymous.PostAsync("/v1/attest", Wire.Json(body)))
            await Wire.AssertJsonAsync(attest, HttpStatusCode.OK);
        return (id, await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
    }

    private static FormUrlEncodedContent Request(string assertion) => OAuthWire.Form(
        ("grant_type", OAuthWire.ClientCredentials),
        ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        ("client_assertion", assertion),
        ("scope", "read:reports"),
        ("resource", OAuthWire.Resource));

    /// <summary>An RFC 7523 §3 client assertion: iss = sub = client_id, aud = token endpoint, kid = RFC 7638 thumbprint.</summary>
    private static string Assertion(AgentKey signer, string clientId, string audience, AgentKey? kidOf = null)
    {
        var jwk = (kidOf ?? signer).PublicJwk();
        var canonical = $"{{\"crv\":\"{jwk["crv"]}\",\"kty\":\"{jwk["kty"]}\",\"x\":\"{jwk["x"]}\",\"y\":\"{jwk["y"]}\"}}";
        var kid = AgentKey.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = kid, ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = audience,
            ["iat"] = now,
            ["exp"] = now + 120,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var input = AgentKey.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + AgentKey.Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + AgentKey.Base64Url(signer.SignJws(Encoding.ASCII.GetBytes(input)));
    }
}
