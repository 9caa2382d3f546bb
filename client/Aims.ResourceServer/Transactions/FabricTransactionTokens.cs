using System.Text.Json;
using Aims.Core.OAuth;
using Aims.Core.Transactions;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Transactions;

/// <summary>
/// This workload's client of the fabric's Transaction Token Service (draft-ietf-oauth-transaction-tokens §6): token
/// exchange at <c>{Issuer}/oauth2/token</c>, authenticated with the workload's JWT-SVID
/// (<see cref="AimsTxnTokenOptions.ClientAssertion"/>). It starts a transaction from the access token an external
/// caller presented, replaces a Txn-Token with a narrower one, or trades one for an access token to call a service
/// outside the call chain. A refusal throws <see cref="HttpRequestException"/> with the fabric's error and description.
/// </summary>
public sealed class FabricTransactionTokens(
    IHttpClientFactory httpClients, IOptions<AimsResourceServerOptions> fabric, IOptions<AimsTxnTokenOptions> options, TimeProvider time)
{
    private const int MaxResponseBytes = 64 * 1024;

    /// <summary>Starts a transaction for the subject of <paramref name="accessToken"/>, for <paramref name="scope"/>.</summary>
    /// <param name="requestDetails">A JSON object: the parameters of the call, asserted immutably as <c>tctx</c>.</param>
    /// <param name="requestContext">A JSON object: the caller's environment (e.g. <c>req_ip</c>), asserted as <c>rctx</c>.</param>
    public Task<IssuedFabricToken> StartAsync(string accessToken, string scope, string? requestDetails = null, string? requestContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        ArgumentException.ThrowIfNullOrEmpty(scope);
        return ExchangeAsync(new Dictionary<string, string?>
        {
            [OAuthConstants.Parameters.SubjectToken] = accessToken,
            [OAuthConstants.Parameters.SubjectTokenType] = OAuthConstants.TokenTypes.AccessToken,
            [OAuthConstants.Parameters.RequestedTokenType] = OAuthConstants.TokenTypes.TxnToken,
            [OAuthConstants.Parameters.Audience] = options.Value.TrustDomain,
            [OAuthConstants.Parameters.Scope] = scope,
            [TxnTokenConstants.Parameters.RequestDetails] = requestDetails,
            [TxnTokenConstants.Parameters.RequestContext] = requestContext,
        }, cancellationToken);
    }

    /// <summary>A replacement of <paramref name="txnToken"/>: the same transaction, <paramref name="scope"/> no wider (null keeps it).</summary>
    public Task<IssuedFabricToken> ReplaceAsync(string txnToken, string? scope = null, string? requestDetails = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(txnToken);
        return ExchangeAsync(new Dictionary<string, string?>
        {
            [OAuthConstants.Parameters.SubjectToken] = txnToken,
            [OAuthConstants.Parameters.SubjectTokenType] = OAuthConstants.TokenTypes.TxnToken,
            [OAuthConstants.Parameters.RequestedTokenType] = OAuthConstants.TokenTypes.TxnToken,
            [OAuthConstants.Parameters.Audience] = options.Value.TrustDomain,
            [OAuthConstants.Parameters.Scope] = scope,
            [TxnTokenConstants.Parameters.RequestDetails] = requestDetails,
        }, cancellationToken);
    }

    /// <summary>An access token for <paramref name="resource"/>, acting for the transaction's subject within its scope and life.</summary>
    public Task<IssuedFabricToken> ExchangeForAccessTokenAsync(string txnToken, string resource, string? scope = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(txnToken);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        return ExchangeAsync(new Dictionary<string, string?>
        {
            [OAuthConstants.Parameters.SubjectToken] = txnToken,
            [OAuthConstants.Parameters.SubjectTokenType] = OAuthConstants.TokenTypes.TxnToken,
            [OAuthConstants.Parameters.RequestedTokenType] = OAuthConstants.TokenTypes.AccessToken,
            [OAuthConstants.Parameters.Resource] = resource,
            [OAuthConstants.Parameters.Scope] = scope,
        }, cancellationToken);
    }

    private async Task<IssuedFabricToken> ExchangeAsync(Dictionary<string, string?> parameters, CancellationToken cancellationToken)
    {
        var clientAssertion = options.Value.ClientAssertion
            ?? throw new InvalidOperationException("Set AimsTxnTokenOptions.ClientAssertion (this workload's JWT-SVID for {Issuer}/oauth2/token) to request transaction tokens.");
        parameters[OAuthConstants.Parameters.GrantType] = OAuthConstants.GrantTypes.TokenExchange;
        parameters[OAuthConstants.Parameters.ClientAssertionType] = OAuthConstants.ClientAssertionTypes.JwtBearer;
        parameters[OAuthConstants.Parameters.ClientAssertion] = (await clientAssertion(cancellationToken)).Trim();

        var tokenEndpoint = fabric.Value.Issuer.TrimEnd('/') + AuthorizationServerMetadata.TokenPath;
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(parameters.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, p.Value!))),
        };
        using var client = httpClients.CreateClient(FabricHttp.ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await FabricHttp.ReadBoundedAsync(response.Content, MaxResponseBytes, cancellationToken);
        using var json = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        var root = json.RootElement;
        if (!response.IsSuccessStatusCode)
        {
            // RFC 6749 §5.2: error and error_description say what to fix; nothing in them is secret.
            throw new HttpRequestException(
                $"the token service {tokenEndpoint} refused the exchange: {Text(root, OAuthConstants.Parameters.Error)} {Text(root, OAuthConstants.Parameters.ErrorDescription)}",
                null, response.StatusCode);
        }

        if (Text(root, "access_token") is not { Length: > 0 } token || Text(root, "issued_token_type") is not { Length: > 0 } type)
            throw new HttpRequestException($"the token service {tokenEndpoint} answered without access_token and issued_token_type (RFC 8693 section 2.2.1)");
        var expiresIn = root.TryGetProperty("expires_in", out var seconds) && seconds.TryGetInt32(out var value) && value > 0 ? value : 0;
        return new IssuedFabricToken(token, type, Text(root, OAuthConstants.Parameters.Scope), time.GetUtcNow().AddSeconds(expiresIn));
    }

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
