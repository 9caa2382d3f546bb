using Aims.Api.Tests.Testing;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace Aims.Api.Tests.OAuth;

/// <summary>A .NET OAuth client library nobody here wrote (Duende.IdentityModel) does discovery and client credentials.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class IdentityModelInteropTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task DiscoveryAndClientCredentials_WithJwtSvidAssertion_GetsAnAccessToken()
    {
        var issuer = await OAuthWire.IssuerAsync(fixture.Anonymous);

        // The library's default policy: issuer name = authority, every endpoint under it, a key set; plain HTTP is
        // allowed only because the address is loopback.
        var discovery = await fixture.Anonymous.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = issuer,
            Policy = new DiscoveryPolicy { RequireKeySet = true },
        });
        Assert.False(discovery.IsError, discovery.Error);
        Assert.Equal(issuer, discovery.Issuer);
        Assert.Contains(OidcConstants.GrantTypes.ClientCredentials, discovery.GrantTypesSupported);
        Assert.NotEmpty(discovery.KeySet!.Keys);

        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: discovery.TokenEndpoint!);

        var response = await fixture.Anonymous.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = "/oauth2/token",
            ClientId = id,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            ClientAssertion = new ClientAssertion { Type = OidcConstants.ClientAssertionTypes.JwtBearer, Value = svids[0] },
            Scope = "read:reports",
            Resource = { OAuthWire.Resource },
        });

        Assert.False(response.IsError, $"{response.Error}: {response.ErrorDescription}");
        Assert.Equal("Bearer", response.TokenType);
        Assert.Equal("read:reports", response.Scope);
        Assert.InRange(response.ExpiresIn, 1, 600);
        Assert.Equal(id, Wire.JwtPayload(response.AccessToken!).GetProperty("client_id").GetString());
    }
}
