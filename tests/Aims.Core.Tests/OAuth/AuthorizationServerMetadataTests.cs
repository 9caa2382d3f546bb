using System.Text.Json;
using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class AuthorizationServerMetadataTests
{
    private const string Issuer = "https://aims.example.org";

    private static JsonElement Parse(AuthorizationServerMetadata metadata) => JsonDocument.Parse(metadata.ToJson()).RootElement;

    private static string[] Strings(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void ForIssuer_ToJson_Rfc8414Shape()
    {
        var json = Parse(AuthorizationServerMetadata.ForIssuer(Issuer));

        Assert.Equal(Issuer, json.GetProperty("issuer").GetString());
        Assert.Equal("https://aims.example.org/oauth2/authorize", json.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("https://aims.example.org/oauth2/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal("https://aims.example.org/oauth2/jwks", json.GetProperty("jwks_uri").GetString());
        Assert.Equal("https://aims.example.org/oauth2/register", json.GetProperty("registration_endpoint").GetString());
        Assert.Equal("https://aims.example.org/oauth2/introspect", json.GetProperty("introspection_endpoint").GetString());
        Assert.Equal("https://aims.example.org/oauth2/revoke", json.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(["code"], Strings(json, "response_types_supported"));
        Assert.Equal(
            ["authorization_code", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:token-exchange"],
            Strings(json, "grant_types_supported"));
        Assert.Equal(["private_key_jwt", "tls_client_auth"], Strings(json, "token_endpoint_auth_methods_supported"));
        Assert.Equal(["ES256", "ES384", "ES512"], Strings(json, "token_endpoint_auth_signing_alg_values_supported"));
        Assert.Equal(["private_key_jwt", "tls_client_auth"], Strings(json, "introspection_endpoint_auth_methods_supported"));
        Assert.Equal(["ES256", "ES384", "ES512"], Strings(json, "introspection_endpoint_auth_signing_alg_values_supported"));
        Assert.Equal(["private_key_jwt", "tls_client_auth"], Strings(json, "revocation_endpoint_auth_methods_supported"));
        Assert.Equal(["ES256", "ES384", "ES512"], Strings(json, "revocation_endpoint_auth_signing_alg_values_supported"));
        Assert.Equal(["S256"], Strings(json, "code_challenge_methods_supported"));
        Assert.True(json.GetProperty("tls_client_certificate_bound_access_tokens").GetBoolean());
        Assert.True(json.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.False(json.TryGetProperty("scopes_supported", out _));
    }

    [Fact]
    public void ToJson_EmptyListsAndNullEndpoints_Omitted()
    {
        var metadata = AuthorizationServerMetadata.ForIssuer(Issuer) with
        {
            AuthorizationEndpoint = null,
            RegistrationEndpoint = null,
            IntrospectionEndpoint = null,
            CodeChallengeMethodsSupported = [],
            GrantTypesSupported = [OAuthConstants.GrantTypes.ClientCredentials],
            TlsClientCertificateBoundAccessTokens = false,
        };

        var json = Parse(metadata);

        Assert.False(json.TryGetProperty("authorization_endpoint", out _));
        Assert.False(json.TryGetProperty("registration_endpoint", out _));
        Assert.False(json.TryGetProperty("introspection_endpoint", out _));
        Assert.False(json.TryGetProperty("introspection_endpoint_auth_methods_supported", out _));
        Assert.False(json.TryGetProperty("code_challenge_methods_supported", out _));
        Assert.False(json.TryGetProperty("tls_client_certificate_bound_access_tokens", out _));
        Assert.False(json.TryGetProperty("authorization_response_iss_parameter_supported", out _));
        Assert.Equal(["client_credentials"], Strings(json, "grant_types_supported"));
    }

    [Fact]
    public void ToJson_PublicClientsAtTheTokenEndpoint_NoneListedWithSigningAlgs()
    {
        var metadata = AuthorizationServerMetadata.ForIssuer(Issuer) with
        {
            TokenEndpointAuthMethodsSupported = [OAuthConstants.ClientAuthenticationMethods.None, OAuthConstants.ClientAuthenticationMethods.PrivateKeyJwt],
        };

        var json = Parse(metadata);

        Assert.Equal(["none", "private_key_jwt"], Strings(json, "token_endpoint_auth_methods_supported"));
        Assert.Equal(["ES256", "ES384", "ES512"], Strings(json, "token_endpoint_auth_signing_alg_values_supported"));
    }

    [Fact]
    public void ToJson_ScopesSupported_Listed()
    {
        var json = Parse(AuthorizationServerMetadata.ForIssuer(Issuer) with { ScopesSupported = ["files:read", "tools:invoke"] });

        Assert.Equal(["files:read", "tools:invoke"], Strings(json, "scopes_supported"));
    }

    [Fact]
    public void ToJson_OnlyTlsClientAuth_NoSigningAlgs()
    {
        var metadata = AuthorizationServerMetadata.ForIssuer(Issuer) with
        {
            TokenEndpointAuthMethodsSupported = [OAuthConstants.ClientAuthenticationMethods.TlsClientAuth],
        };

        var json = Parse(metadata);

        Assert.False(json.TryGetProperty("token_endpoint_auth_signing_alg_values_supported", out _));
        Assert.True(json.TryGetProperty("introspection_endpoint_auth_signing_alg_values_supported", out _));
    }

    [Fact]
    public void ToJson_PrivateKeyJwtWithoutAlgs_Throws()
    {
        var metadata = AuthorizationServerMetadata.ForIssuer(Issuer) with { AuthSigningAlgValuesSupported = [] };

        Assert.Throws<InvalidOperationException>(metadata.ToJson);
    }

    [Fact]
    public void ToJson_AlgNone_Throws()
    {
        var metadata = AuthorizationServerMetadata.ForIssuer(Issuer) with { AuthSigningAlgValuesSupported = ["ES256", "none"] };

        Assert.Throws<InvalidOperationException>(metadata.ToJson);
    }

    [Fact]
    public void ToJson_NoResponseTypes_Throws()
    {
        var metadata = AuthorizationServerMetadata.ForIssuer(Issuer) with { ResponseTypesSupported = [] };

        Assert.Throws<InvalidOperationException>(metadata.ToJson);
    }

    [Theory]
    [InlineData("http://aims.example.org")]
    [InlineData("https://aims.example.org?tenant=1")]
    [InlineData("https://aims.example.org#x")]
    [InlineData("aims.example.org")]
    [InlineData("")]
    public void ForIssuer_NotHttpsWithoutQueryOrFragment_Throws(string issuer)
    {
        Assert.ThrowsAny<ArgumentException>(() => AuthorizationServerMetadata.ForIssuer(issuer));
    }

    [Theory]
    [InlineData("http://localhost:5000")]
    [InlineData("http://127.0.0.1:5000")]
    public void ForIssuer_HttpOnLoopback_Allowed(string issuer)
    {
        Assert.Equal(issuer + "/oauth2/token", AuthorizationServerMetadata.ForIssuer(issuer).TokenEndpoint);
    }

    [Theory]
    [InlineData("https://aims.example.org", "/.well-known/oauth-authorization-server")]
    [InlineData("https://aims.example.org/", "/.well-known/oauth-authorization-server")]
    [InlineData("https://aims.example.org/issuer1", "/.well-known/oauth-authorization-server/issuer1")]
    [InlineData("https://aims.example.org/tenants/a/", "/.well-known/oauth-authorization-server/tenants/a")]
    public void WellKnownPath_InsertsSegmentBeforeIssuerPath(string issuer, string path)
    {
        Assert.Equal(path, AuthorizationServerMetadata.WellKnownPath(issuer));
    }

    [Fact]
    public void ForIssuer_IssuerWithPath_EndpointsUnderIt()
    {
        var metadata = AuthorizationServerMetadata.ForIssuer("https://aims.example.org/tenant/");

        Assert.Equal("https://aims.example.org/tenant/oauth2/token", metadata.TokenEndpoint);
        Assert.Equal("https://aims.example.org/tenant/", Parse(metadata).GetProperty("issuer").GetString());
    }
}
