using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Aims.Core.OAuth.Registration;

namespace Aims.Core.Tests.OAuth.Registration;

public sealed class ClientMetadataValidatorTests : IDisposable
{
    private const string InvalidClientMetadata = "invalid_client_metadata";
    private const string InvalidRedirectUri = "invalid_redirect_uri";
    private const string Callback = "https://app.example.com/callback";

    private static readonly SpiffeId Agent = SpiffeId.Parse("spiffe://aims.local/agents/analyst");

    private static readonly ClientRegistrationLimits Limits = new()
    {
        MaxRedirectUris = 3,
        ScopeCeiling = ScopeSet.Parse("read write"),
    };

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    private static OAuthResult<ClientMetadata> Validate(string json, SpiffeId? agent = null, ClientRegistrationLimits? limits = null) =>
        ClientMetadataValidator.Validate(Encoding.UTF8.GetBytes(json), agent, limits ?? Limits);

    private static OAuthResult<ClientMetadata> Validate(JsonObject document, SpiffeId? agent = null, ClientRegistrationLimits? limits = null) =>
        Validate(document.ToJsonString(), agent, limits);

    private static ClientMetadata Accepted(JsonObject document, SpiffeId? agent = null)
    {
        var result = Validate(document, agent);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value;
    }

    private static string Refused(OAuthResult<ClientMetadata> result, string error)
    {
        Assert.False(result.IsSuccess, "expected a refusal");
        Assert.Equal(error, result.Error.Error);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Description));
        return result.Error.Description;
    }

    private static JsonObject PublicClient(params string[] redirectUris) => new()
    {
        ["redirect_uris"] = new JsonArray([.. (redirectUris.Length == 0 ? [Callback] : redirectUris).Select(u => (JsonNode)u)]),
        ["token_endpoint_auth_method"] = "none",
        ["client_name"] = "Reports app",
    };

    private JsonObject Jwks(string? kid = "k1")
    {
        var p = _key.ExportParameters(false);
        var jwk = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.Encode(p.Q.X), ["y"] = Base64Url.Encode(p.Q.Y) };
        if (kid is not null)
            jwk["kid"] = kid;
        return new JsonObject { ["keys"] = new JsonArray(jwk) };
    }

    // ---- defaults and the happy paths ----

    [Fact]
    public void Validate_PublicClient_RegisteredAsSentWithRfc7591Defaults()
    {
        var metadata = Accepted(PublicClient(Callback, "http://127.0.0.1:8400/cb"));

        Assert.Equal("Reports app", metadata.ClientName);
        Assert.Equal([Callback, "http://127.0.0.1:8400/cb"], metadata.RedirectUris);
        Assert.Equal(["authorization_code"], metadata.GrantTypes);
        Assert.Equal(["code"], metadata.ResponseTypes);
        Assert.Equal("none", metadata.TokenEndpointAuthMethod);
        Assert.Null(metadata.Scope);
        Assert.Null(metadata.JwksJson);
    }

    [Fact]
    public void Validate_NoAuthMethodAndNoJwks_DefaultsToNoneNotClientSecretBasic()
    {
        var document = PublicClient();
        document.Remove("token_endpoint_auth_method");

        Assert.Equal("none", Accepted(document).TokenEndpointAuthMethod);
    }

    [Fact]
    public void Validate_PrivateKeyJwtWithJwks_StoresCanonicalPublicJwks()
    {
        var document = PublicClient();
        document["token_endpoint_auth_method"] = "private_key_jwt";
        document["jwks"] = Jwks();
        document["grant_types"] = new JsonArray("authorization_code", "refresh_token");

        var metadata = Accepted(document);

        Assert.Equal("private_key_jwt", metadata.TokenEndpointAuthMethod);
        Assert.Equal(["authorization_code", "refresh_token"], metadata.GrantTypes);
        var key = Assert.Single(ClientJwks.FromStoredJson(metadata.JwksJson!)!.Keys);
        Assert.Equal("k1", key.Kid);
    }

    [Fact]
    public void Validate_JwksWithoutAuthMethod_DefaultsToPrivateKeyJwt()
    {
        var document = PublicClient();
        document.Remove("token_endpoint_auth_method");
        document["jwks"] = Jwks();

        Assert.Equal("private_key_jwt", Accepted(document).TokenEndpointAuthMethod);
    }

    [Fact]
    public void Validate_UnknownMembers_IgnoredAsRfc7591Section2Requires()
    {
        var document = PublicClient();
        document["logo_uri"] = "https://app.example.com/logo.png";
        document["contacts"] = new JsonArray("ops@example.com");
        document["client_id"] = "chosen-by-client";

        Assert.True(Validate(document).IsSuccess);
    }

    [Fact]
    public void Validate_NullMembers_TreatedAsOmitted()
    {
        var document = PublicClient();
        document["scope"] = null;
        document["jwks_uri"] = null;
        document["client_name"] = null;

        Assert.Null(Accepted(document).ClientName);
    }

    [Fact]
    public void Validate_AgentWithClientCredentialsOnly_NoRedirectUrisNoResponseTypes()
    {
        var metadata = Accepted(new JsonObject { ["grant_types"] = new JsonArray("client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange") }, Agent);

        Assert.Empty(metadata.RedirectUris);
        Assert.Empty(metadata.ResponseTypes);
        Assert.Equal("private_key_jwt", metadata.TokenEndpointAuthMethod);
    }

    [Fact]
    public void Validate_AgentWithTlsClientAuthAndAnyValidScope_Accepted()
    {
        var document = PublicClient();
        document["token_endpoint_auth_method"] = "tls_client_auth";
        document["scope"] = "reports:read tools:invoke";

        var metadata = Accepted(document, Agent);

        Assert.Equal("tls_client_auth", metadata.TokenEndpointAuthMethod);
        Assert.Equal("reports:read tools:invoke", metadata.Scope!.ToString());
    }

    // ---- the document itself ----

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("\"x\"", "JSON object")]
    [InlineData("{\"client_name\":\"a\",\"client_name\":\"b\"}", "not valid JSON")]
    [InlineData("{\"client_name\":\"a\",}", "not valid JSON")]
    [InlineData("{/* c */}", "not valid JSON")]
    public void Validate_NotAJsonObject_InvalidClientMetadata(string json, string fragment) =>
        Assert.Contains(fragment, Refused(Validate(json), InvalidClientMetadata), StringComparison.Ordinal);

    [Fact]
    public void Validate_OversizedDocument_InvalidClientMetadata()
    {
        var document = PublicClient();
        document["padding"] = new string('x', ClientRegistrationLimits.MaxDocumentBytes);

        Assert.Contains("larger than 16384 bytes", Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SoftwareStatement_InvalidSoftwareStatement()
    {
        var document = PublicClient();
        document["software_statement"] = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln";

        Assert.Contains("not supported yet", Refused(Validate(document), "invalid_software_statement"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JwksUri_RefusedWithTheReason()
    {
        var document = PublicClient();
        document["token_endpoint_auth_method"] = "private_key_jwt";
        document["jwks_uri"] = "https://app.example.com/jwks.json";

        Assert.Contains("inline in jwks", Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    // ---- client_name ----

    [Theory]
    [InlineData("\"\"", "1 to 100")]
    [InlineData("7", "JSON string")]
    [InlineData("\"Bank\\u202Egnp.exe\"", "U+202E")]
    [InlineData("\"line\\nbreak\"", "U+000A")]
    [InlineData("\"zero\\u200Bwidth\"", "U+200B")]
    public void Validate_BadClientName_InvalidClientMetadata(string json, string fragment)
    {
        var document = PublicClient();
        document["client_name"] = JsonNode.Parse(json);

        var description = Refused(Validate(document), InvalidClientMetadata);

        Assert.Contains("client_name", description, StringComparison.Ordinal);
        Assert.Contains(fragment, description, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientNameTooLong_InvalidClientMetadata()
    {
        var document = PublicClient();
        document["client_name"] = new string('n', ClientRegistrationLimits.MaxClientNameLength + 1);

        Assert.Contains("1 to 100", Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    // ---- grant_types and response_types ----

    [Theory]
    [InlineData("client_credentials", "only for agents")]
    [InlineData("urn:ietf:params:oauth:grant-type:token-exchange", "only for agents")]
    [InlineData("implicit", "RFC 9700")]
    [InlineData("password", "RFC 9700")]
    [InlineData("urn:ietf:params:oauth:grant-type:jwt-bearer", "cannot be registered")]
    [InlineData("urn:example:unknown", "cannot be registered")]
    public void Validate_GrantNotForThisClient_InvalidClientMetadata(string grant, string fragment)
    {
        var document = PublicClient();
        document["grant_types"] = new JsonArray("authorization_code", grant);

        var description = Refused(Validate(document), InvalidClientMetadata);

        Assert.Contains(grant, description, StringComparison.Ordinal);
        Assert.Contains(fragment, description, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AgentGrantsButStillNoImplicit_Refused()
    {
        var document = PublicClient();
        document.Remove("token_endpoint_auth_method");
        document["grant_types"] = new JsonArray("authorization_code", "client_credentials", "implicit");

        Assert.Contains("implicit", Refused(Validate(document, Agent), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "empty")]
    [InlineData("\"authorization_code\"", "JSON array")]
    [InlineData("[\"authorization_code\",\"authorization_code\"]", "twice")]
    [InlineData("[\"authorization_code\",7]", "non-empty strings")]
    [InlineData("[\"refresh_token\"]", "without authorization_code")]
    public void Validate_MalformedGrantTypes_InvalidClientMetadata(string json, string fragment)
    {
        var document = PublicClient();
        document["grant_types"] = JsonNode.Parse(json);

        Assert.Contains(fragment, Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"token\"]", "'token'")]
    [InlineData("[\"code id_token\"]", "'code id_token'")]
    [InlineData("[]", "lacks 'code'")]
    public void Validate_ResponseTypesOtherThanCode_InvalidClientMetadata(string json, string fragment)
    {
        var document = PublicClient();
        document["response_types"] = JsonNode.Parse(json);

        Assert.Contains(fragment, Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CodeResponseTypeWithoutAuthorizationCode_InvalidClientMetadata()
    {
        var document = new JsonObject { ["grant_types"] = new JsonArray("client_credentials"), ["response_types"] = new JsonArray("code") };

        Assert.Contains("RFC 7591 section 2.1", Refused(Validate(document, Agent), InvalidClientMetadata), StringComparison.Ordinal);
    }

    // ---- redirect_uris ----

    [Fact]
    public void Validate_AuthorizationCodeWithoutRedirectUris_InvalidRedirectUri()
    {
        var document = PublicClient();
        document.Remove("redirect_uris");

        Assert.Contains("required", Refused(Validate(document), InvalidRedirectUri), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://app.example.com/cb", "loopback")]
    [InlineData("https://app.example.com/cb#state", "fragment")]
    [InlineData("myapp:/cb", "reverse domain name")]
    [InlineData("relative/cb", "absolute URI")]
    public void Validate_BadRedirectUri_InvalidRedirectUri(string uri, string fragment) =>
        Assert.Contains(fragment, Refused(Validate(PublicClient(Callback, uri)), InvalidRedirectUri), StringComparison.Ordinal);

    [Fact]
    public void Validate_MoreRedirectUrisThanConfigured_InvalidRedirectUri()
    {
        var uris = Enumerable.Range(0, Limits.MaxRedirectUris + 1).Select(i => $"https://app.example.com/cb{i}").ToArray();

        Assert.Contains("at most 3", Refused(Validate(PublicClient(uris)), InvalidRedirectUri), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateRedirectUri_InvalidRedirectUri() =>
        Assert.Contains("twice", Refused(Validate(PublicClient(Callback, Callback)), InvalidRedirectUri), StringComparison.Ordinal);

    [Fact]
    public void Validate_RedirectUrisWithoutAuthorizationCode_InvalidRedirectUri()
    {
        var document = new JsonObject { ["grant_types"] = new JsonArray("client_credentials"), ["redirect_uris"] = new JsonArray(Callback) };

        Assert.Contains("only by authorization_code", Refused(Validate(document, Agent), InvalidRedirectUri), StringComparison.Ordinal);
    }

    // ---- token_endpoint_auth_method and jwks ----

    [Theory]
    [InlineData("client_secret_basic")]
    [InlineData("client_secret_post")]
    [InlineData("client_secret_jwt")]
    public void Validate_SecretAuthMethod_RefusedForEveryone(string method)
    {
        var document = PublicClient();
        document["token_endpoint_auth_method"] = method;

        Assert.Contains("issues no client secrets", Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
        Assert.Contains("issues no client secrets", Refused(Validate(document, Agent), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tls_client_auth", "only agents")]
    [InlineData("self_signed_tls_client_auth", "not supported")]
    [InlineData("bearer", "not supported")]
    public void Validate_MethodOnlyAgentsOrNobodyHas_RefusedForRegisteredClient(string method, string fragment)
    {
        var document = PublicClient();
        document["token_endpoint_auth_method"] = method;

        Assert.Contains(fragment, Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AgentAsPublicClient_Refused()
    {
        Assert.Contains("not for agents", Refused(Validate(PublicClient(), Agent), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PrivateKeyJwtWithoutJwks_InvalidClientMetadata()
    {
        var document = PublicClient();
        document["token_endpoint_auth_method"] = "private_key_jwt";

        Assert.Contains("send them in jwks", Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JwksWithNone_InvalidClientMetadata()
    {
        var document = PublicClient();
        document["jwks"] = Jwks();

        Assert.Contains("only with token_endpoint_auth_method private_key_jwt", Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AgentSendsJwks_InvalidClientMetadata()
    {
        var document = PublicClient();
        document["token_endpoint_auth_method"] = "private_key_jwt";
        document["jwks"] = Jwks();

        Assert.Contains("not accepted from an agent", Refused(Validate(document, Agent), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JwksWithPrivateKey_InvalidClientMetadata()
    {
        var document = PublicClient();
        document["token_endpoint_auth_method"] = "private_key_jwt";
        var jwks = Jwks();
        jwks["keys"]![0]!["d"] = Base64Url.Encode(_key.ExportParameters(true).D);
        document["jwks"] = jwks;

        Assert.Contains("private key material", Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    // ---- scope ----

    [Fact]
    public void Validate_ScopeWithinCeiling_Kept()
    {
        var document = PublicClient();
        document["scope"] = "write read";

        Assert.Equal("read write", Accepted(document).Scope!.ToString());
    }

    [Fact]
    public void Validate_ScopeBeyondCeiling_NamesTheExtraScope()
    {
        var document = PublicClient();
        document["scope"] = "read admin:all";

        var description = Refused(Validate(document), InvalidClientMetadata);

        Assert.Contains("'admin:all'", description, StringComparison.Ordinal);
        Assert.Contains("'read write'", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScopeWhenNoCeilingConfigured_Refused()
    {
        var document = PublicClient();
        document["scope"] = "read";

        var description = Refused(Validate(document, limits: new ClientRegistrationLimits()), InvalidClientMetadata);

        Assert.Contains("no scopes", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"read  write\"", "single spaces")]
    [InlineData("\"re\\\"ad\"", "NQCHAR")]
    [InlineData("[\"read\"]", "JSON string")]
    public void Validate_MalformedScope_InvalidClientMetadata(string json, string fragment)
    {
        var document = PublicClient();
        document["scope"] = JsonNode.Parse(json);

        Assert.Contains(fragment, Refused(Validate(document), InvalidClientMetadata), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryRefusal_IsWireSafe()
    {
        var document = PublicClient("https://app.example.com/caf\u00e9\"x");

        var description = Refused(Validate(document), InvalidRedirectUri);

        Assert.All(description, c => Assert.True(c is >= ' ' and <= '~' and not '"' and not '\\', $"U+{(int)c:X4}"));
    }
}
