using System.Net;
using System.Text.Json;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

[Collection(AimsApiCollection.Name)]
public sealed class OAuthMetadataTests(AimsApiFixture fixture)
{
    [Theory]
    [InlineData("/.well-known/oauth-authorization-server")]
    [InlineData("/.well-known/openid-configuration")]
    public async Task Metadata_EitherWellKnownPath_ListsIssuerEndpointsAndImplementedGrantsOnly(string path)
    {
        var metadata = await OAuthWire.MetadataAsync(fixture.Anonymous, path);

        var issuer = metadata.GetProperty("issuer").GetString()!;
        Assert.True(Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri), issuer);
        Assert.True(string.IsNullOrEmpty(issuerUri!.Query) && string.IsNullOrEmpty(issuerUri.Fragment));
        Assert.Equal(issuer + "/oauth2/token", metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(issuer + "/oauth2/jwks", metadata.GetProperty("jwks_uri").GetString());
        Assert.Equal(issuer + "/oauth2/authorize", metadata.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(issuer + "/oauth2/register", metadata.GetProperty("registration_endpoint").GetString());
        // Only grants the token endpoint implements (TokenEndpoint.SupportedGrantTypes); never the browser/password ones.
        var grants = Strings(metadata, "grant_types_supported");
        Assert.Contains("client_credentials", grants);
        Assert.Contains("authorization_code", grants);
        Assert.Contains("refresh_token", grants);
        Assert.DoesNotContain("password", grants);
        Assert.DoesNotContain("implicit", grants);
    }

    [Fact]
    public async Task Metadata_AuthorizationCodeFlow_CodeOnlyS256OnlyAndIssInResponses()
    {
        var metadata = await OAuthWire.MetadataAsync(fixture.Anonymous);

        Assert.Equal(["code"], Strings(metadata, "response_types_supported"));
        Assert.Equal(["S256"], Strings(metadata, "code_challenge_methods_supported"));
        Assert.True(metadata.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
    }

    [Fact]
    public async Task Metadata_AuthMethods_PublicClientsOnlyAtTheTokenEndpointAndNoSecrets()
    {
        var metadata = await OAuthWire.MetadataAsync(fixture.Anonymous);

        Assert.Equal(["none", "private_key_jwt", "tls_client_auth"], Strings(metadata, "token_endpoint_auth_methods_supported"));
        Assert.Equal(["private_key_jwt", "tls_client_auth"], Strings(metadata, "introspection_endpoint_auth_methods_supported"));
        Assert.Equal(["private_key_jwt", "tls_client_auth"], Strings(metadata, "revocation_endpoint_auth_methods_supported"));
        Assert.Contains("ES256", Strings(metadata, "token_endpoint_auth_signing_alg_values_supported"));
        Assert.DoesNotContain(metadata.EnumerateObject(), p => p.Value.GetRawText().Contains("client_secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metadata_BothPaths_AreIdentical()
    {
        using var a = await fixture.Anonymous.GetAsync("/.well-known/oauth-authorization-server");
        using var b = await fixture.Anonymous.GetAsync("/.well-known/openid-configuration");

        Assert.Equal(await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Jwks_Keys_HaveKidAndUseSigAndAreNotInSpiffeBundle()
    {
        using var jwksResponse = await fixture.Anonymous.GetAsync("/oauth2/jwks");
        Assert.Equal(HttpStatusCode.OK, jwksResponse.StatusCode);
        Assert.Contains(jwksResponse.Content.Headers.ContentType?.MediaType, new[] { "application/jwk-set+json", "application/json" });
        var jwks = await Wire.ReadJsonAsync(jwksResponse);
        using var bundleResponse = await fixture.Anonymous.GetAsync("/spiffe/bundle");
        var bundle = await Wire.AssertJsonAsync(bundleResponse, HttpStatusCode.OK);

        var keys = jwks.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.False(string.IsNullOrEmpty(k.GetProperty("kid").GetString()));
            Assert.Equal("sig", k.GetProperty("use").GetString());
            Assert.Equal("EC", k.GetProperty("kty").GetString());
            Assert.False(k.TryGetProperty("d", out _));
        });

        var bundleKids = bundle.GetProperty("keys").EnumerateArray()
            .Where(k => k.TryGetProperty("kid", out _)).Select(k => k.GetProperty("kid").GetString()).ToHashSet();
        var bundleXs = bundle.GetProperty("keys").EnumerateArray()
            .Where(k => k.TryGetProperty("x", out _)).Select(k => k.GetProperty("x").GetString()).ToHashSet();
        Assert.All(keys, k =>
        {
            Assert.DoesNotContain(k.GetProperty("kid").GetString(), bundleKids);
            Assert.DoesNotContain(k.GetProperty("x").GetString(), bundleXs);
        });
    }

    private static string[] Strings(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
