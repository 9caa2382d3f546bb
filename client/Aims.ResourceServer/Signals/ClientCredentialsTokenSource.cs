using System.Net.Http.Json;
using System.Text.Json;
using Aims.Core.OAuth;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// Gets and caches an access token of the fabric with the client_credentials grant (RFC 6749 §4.4), the client
/// authenticating with its JWT-SVID as <c>client_assertion</c> (RFC 7523 §2.2), for one resource and scope. A token
/// is reused until a minute before it expires. Safe for concurrent use; at most one request at a time.
/// </summary>
public sealed class ClientCredentialsTokenSource : IDisposable
{
    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(1);
    private const int MaxResponseBytes = 64 * 1024;

    private readonly IHttpClientFactory _httpClients;
    private readonly string _tokenEndpoint;
    private readonly string _resource;
    private readonly string _scope;
    private readonly Func<CancellationToken, Task<string>> _clientAssertion;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;

    /// <param name="issuer">The fabric's issuer; the token endpoint is <c>{issuer}/oauth2/token</c>.</param>
    /// <param name="clientAssertion">A current JWT-SVID of this client for audience <c>{issuer}/oauth2/token</c>.</param>
    public ClientCredentialsTokenSource(
        IHttpClientFactory httpClients, string issuer, string resource, string scope, Func<CancellationToken, Task<string>> clientAssertion, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(clientAssertion);
        ArgumentNullException.ThrowIfNull(time);
        _httpClients = httpClients;
        _tokenEndpoint = issuer.TrimEnd('/') + AuthorizationServerMetadata.TokenPath;
        _resource = resource;
        _scope = scope;
        _clientAssertion = clientAssertion;
        _time = time;
    }

    /// <exception cref="HttpRequestException">The token endpoint refused or did not answer with a token.</exception>
    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } cached && _time.GetUtcNow() < cached.RenewAt)
            return cached.Token;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && _time.GetUtcNow() < again.RenewAt)
                return again.Token;

            var (token, expiresIn) = await RequestAsync(cancellationToken);
            var renewAt = _time.GetUtcNow() + (expiresIn > RenewBeforeExpiry * 2 ? expiresIn - RenewBeforeExpiry : expiresIn / 2);
            _current = (token, renewAt);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<(string Token, TimeSpan ExpiresIn)> RequestAsync(CancellationToken cancellationToken)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [OAuthConstants.Parameters.GrantType] = OAuthConstants.GrantTypes.ClientCredentials,
            [OAuthConstants.Parameters.ClientAssertionType] = OAuthConstants.ClientAssertionTypes.JwtBearer,
            [OAuthConstants.Parameters.ClientAssertion] = (await _clientAssertion(cancellationToken)).Trim(),
            [OAuthConstants.Parameters.Scope] = _scope,
            [OAuthConstants.Parameters.Resource] = _resource,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenEndpoint) { Content = form };
        using var client = _httpClients.CreateClient(FabricHttp.ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await FabricHttp.ReadBoundedAsync(response.Content, MaxResponseBytes, cancellationToken);
        using var json = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        var root = json.RootElement;
        if (!response.IsSuccessStatusCode)
        {
            // RFC 6749 §5.2: error and error_description say what to fix; nothing in them is secret.
            throw new HttpRequestException(
                $"the token endpoint {_tokenEndpoint} refused client_credentials for {_resource}: {Text(root, OAuthConstants.Parameters.Error)} {Text(root, OAuthConstants.Parameters.ErrorDescription)}",
                null, response.StatusCode);
        }

        if (Text(root, "access_token") is not { Length: > 0 } token)
            throw new HttpRequestException($"the token endpoint {_tokenEndpoint} answered without an access_token (RFC 6749 section 5.1)");
        var expiresIn = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("expires_in", out var seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt32(out var value) && value > 0
            ? TimeSpan.FromSeconds(value)
            : TimeSpan.FromMinutes(5);
        return (token, expiresIn);
    }

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
