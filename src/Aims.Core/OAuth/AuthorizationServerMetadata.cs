using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Aims.Core.Jose;
using Names = Aims.Core.OAuth.OAuthConstants.Metadata;

namespace Aims.Core.OAuth;

/// <summary>
/// Authorization server metadata (RFC 8414 §2), served at <see cref="WellKnownPath"/>. Every list is a parameter,
/// so a grant or authentication method is advertised by the code that adds it; <see cref="ForIssuer"/> gives the
/// endpoints of API.md. Lists with no elements are omitted from the JSON (RFC 8414 §3.2).
/// </summary>
public sealed record AuthorizationServerMetadata
{
    public const string TokenPath = "/oauth2/token";
    public const string AuthorizationPath = "/oauth2/authorize";
    public const string IntrospectionPath = "/oauth2/introspect";
    public const string RevocationPath = "/oauth2/revoke";
    public const string RegistrationPath = "/oauth2/register";
    public const string JwksPath = "/oauth2/jwks";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The issuer identifier: https (http only on a loopback host), no query or fragment (RFC 8414 §2).</summary>
    public required string Issuer { get; init; }

    public required string TokenEndpoint { get; init; }

    /// <summary>RFC 8414 §2: required unless no grant type uses the authorization endpoint.</summary>
    public string? AuthorizationEndpoint { get; init; }

    public string? JwksUri { get; init; }

    public string? RegistrationEndpoint { get; init; }

    public string? IntrospectionEndpoint { get; init; }

    public string? RevocationEndpoint { get; init; }

    /// <summary>RFC 8414 §2: RECOMMENDED; an authorization server may leave some of its scopes out.</summary>
    public IReadOnlyList<string> ScopesSupported { get; init; } = [];

    /// <summary>RFC 8414 §2: REQUIRED.</summary>
    public IReadOnlyList<string> ResponseTypesSupported { get; init; } = [OAuthConstants.ResponseTypes.Code];

    /// <summary>Published explicitly: the RFC 8414 §2 default (authorization_code, implicit) is not what this server does.</summary>
    public IReadOnlyList<string> GrantTypesSupported { get; init; } = [];

    public IReadOnlyList<string> TokenEndpointAuthMethodsSupported { get; init; } = DefaultAuthMethods;

    public IReadOnlyList<string> IntrospectionEndpointAuthMethodsSupported { get; init; } = DefaultAuthMethods;

    public IReadOnlyList<string> RevocationEndpointAuthMethodsSupported { get; init; } = DefaultAuthMethods;

    /// <summary>
    /// The <c>*_endpoint_auth_signing_alg_values_supported</c> of every endpoint that lists private_key_jwt, where
    /// RFC 8414 §2 requires it.
    /// </summary>
    public IReadOnlyList<string> AuthSigningAlgValuesSupported { get; init; } = SigningAlgorithmPolicy.Supported;

    /// <summary>RFC 7636 §4.3; omitted means no PKCE (RFC 8414 §2). Only S256 is accepted.</summary>
    public IReadOnlyList<string> CodeChallengeMethodsSupported { get; init; } = [OAuthConstants.CodeChallengeMethods.S256];

    /// <summary>RFC 8705 §3.3: access tokens are bound to the client's mTLS certificate when it authenticates with one.</summary>
    public bool TlsClientCertificateBoundAccessTokens { get; init; } = true;

    /// <summary>
    /// RFC 9207 §3: every authorization response carries <c>iss</c>, the defence against mix-up attacks for clients
    /// that talk to more than one authorization server. Omitted from the JSON when false (its default meaning) or when
    /// there is no authorization endpoint.
    /// </summary>
    public bool AuthorizationResponseIssParameterSupported { get; init; } = true;

    /// <summary>
    /// draft-ietf-oauth-identity-chaining: the token types a client may ask for to chain to another domain; omitted when
    /// empty (no chaining partner configured).
    /// </summary>
    public IReadOnlyList<string> IdentityChainingRequestedTokenTypesSupported { get; init; } = [];

    private static IReadOnlyList<string> DefaultAuthMethods { get; } =
        [OAuthConstants.ClientAuthenticationMethods.PrivateKeyJwt, OAuthConstants.ClientAuthenticationMethods.TlsClientAuth];

    /// <summary>The endpoints and grant types of API.md, under <paramref name="issuer"/>.</summary>
    /// <exception cref="ArgumentException">The issuer is not an https URL without query and fragment.</exception>
    public static AuthorizationServerMetadata ForIssuer(string issuer)
    {
        CheckIssuer(issuer);
        var root = issuer.TrimEnd('/');
        return new AuthorizationServerMetadata
        {
            Issuer = issuer,
            TokenEndpoint = root + TokenPath,
            AuthorizationEndpoint = root + AuthorizationPath,
            JwksUri = root + JwksPath,
            RegistrationEndpoint = root + RegistrationPath,
            IntrospectionEndpoint = root + IntrospectionPath,
            RevocationEndpoint = root + RevocationPath,
            GrantTypesSupported =
            [
                OAuthConstants.GrantTypes.AuthorizationCode,
                OAuthConstants.GrantTypes.ClientCredentials,
                OAuthConstants.GrantTypes.RefreshToken,
                OAuthConstants.GrantTypes.JwtBearer,
                OAuthConstants.GrantTypes.TokenExchange,
            ],
        };
    }

    /// <summary>
    /// RFC 8414 §3: the path where the metadata of <paramref name="issuer"/> is served, the well-known segment
    /// inserted before the issuer's path, e.g. https://as.example/tenant → /.well-known/oauth-authorization-server/tenant.
    /// </summary>
    public static string WellKnownPath(string issuer)
    {
        CheckIssuer(issuer);
        return OAuthConstants.Metadata.WellKnownSegment + new Uri(issuer).AbsolutePath.TrimEnd('/');
    }

    /// <summary>The metadata document, UTF-8 JSON.</summary>
    /// <exception cref="InvalidOperationException">The values break a MUST of RFC 8414 §2.</exception>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            WriteTo(json);
        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc cref="ToUtf8Json"/>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(ToUtf8Json());

    /// <inheritdoc cref="ToUtf8Json"/>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Check();

        json.WriteStartObject();
        json.WriteString(Names.Issuer, Issuer);
        WriteOptional(json, Names.AuthorizationEndpoint, AuthorizationEndpoint);
        json.WriteString(Names.TokenEndpoint, TokenEndpoint);
        WriteOptional(json, Names.JwksUri, JwksUri);
        WriteOptional(json, Names.RegistrationEndpoint, RegistrationEndpoint);
        WriteList(json, Names.ScopesSupported, ScopesSupported);
        WriteList(json, Names.ResponseTypesSupported, ResponseTypesSupported);
        WriteList(json, Names.GrantTypesSupported, GrantTypesSupported);
        WriteAuthMethods(json, Names.TokenEndpointAuthMethodsSupported, Names.TokenEndpointAuthSigningAlgValuesSupported,
            TokenEndpointAuthMethodsSupported);
        if (RevocationEndpoint is not null)
        {
            json.WriteString(Names.RevocationEndpoint, RevocationEndpoint);
            WriteAuthMethods(json, Names.RevocationEndpointAuthMethodsSupported, Names.RevocationEndpointAuthSigningAlgValuesSupported,
                RevocationEndpointAuthMethodsSupported);
        }

        if (IntrospectionEndpoint is not null)
        {
            json.WriteString(Names.IntrospectionEndpoint, IntrospectionEndpoint);
            WriteAuthMethods(json, Names.IntrospectionEndpointAuthMethodsSupported, Names.IntrospectionEndpointAuthSigningAlgValuesSupported,
                IntrospectionEndpointAuthMethodsSupported);
        }

        WriteList(json, Names.CodeChallengeMethodsSupported, CodeChallengeMethodsSupported);
        if (TlsClientCertificateBoundAccessTokens)
            json.WriteBoolean(Names.TlsClientCertificateBoundAccessTokens, true);
        if (AuthorizationResponseIssParameterSupported && AuthorizationEndpoint is not null)
            json.WriteBoolean(Names.AuthorizationResponseIssParameterSupported, true);
        WriteList(json, Names.IdentityChainingRequestedTokenTypesSupported, IdentityChainingRequestedTokenTypesSupported);
        json.WriteEndObject();
    }

    private void Check()
    {
        CheckIssuer(Issuer);
        if (string.IsNullOrEmpty(TokenEndpoint))
            throw new InvalidOperationException("token_endpoint is required (RFC 8414 §2).");
        if (ResponseTypesSupported.Count == 0)
            throw new InvalidOperationException("response_types_supported is required and must not be empty (RFC 8414 §2).");
        if (AuthSigningAlgValuesSupported.Contains(JwsAlgorithms.None, StringComparer.Ordinal))
            throw new InvalidOperationException("The auth signing alg value 'none' must not be used (RFC 8414 §2).");

        var privateKeyJwt = OAuthConstants.ClientAuthenticationMethods.PrivateKeyJwt;
        if (AuthSigningAlgValuesSupported.Count == 0
            && (TokenEndpointAuthMethodsSupported.Contains(privateKeyJwt, StringComparer.Ordinal)
                || (IntrospectionEndpoint is not null && IntrospectionEndpointAuthMethodsSupported.Contains(privateKeyJwt, StringComparer.Ordinal))
                || (RevocationEndpoint is not null && RevocationEndpointAuthMethodsSupported.Contains(privateKeyJwt, StringComparer.Ordinal))))
        {
            throw new InvalidOperationException("private_key_jwt is listed, so signing algs must be too (RFC 8414 §2).");
        }
    }

    /// <summary>RFC 8414 §2: "a URL that uses the https scheme and has no query or fragment components".</summary>
    private static void CheckIssuer(string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            || issuer.Contains('?', StringComparison.Ordinal) || issuer.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Issuer '{issuer}' must be an https URL without query or fragment (RFC 8414 §2); http only on loopback.", nameof(issuer));
        }
    }

    /// <summary>The methods, and the signing algs when private_key_jwt is among them (RFC 8414 §2).</summary>
    private void WriteAuthMethods(Utf8JsonWriter json, string methodsName, string algsName, IReadOnlyList<string> methods)
    {
        WriteList(json, methodsName, methods);
        if (methods.Contains(OAuthConstants.ClientAuthenticationMethods.PrivateKeyJwt, StringComparer.Ordinal))
            WriteList(json, algsName, AuthSigningAlgValuesSupported);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            json.WriteString(name, value);
    }

    /// <summary>RFC 8414 §3.2: "Claims with zero elements MUST be omitted from the response."</summary>
    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
            return;

        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
