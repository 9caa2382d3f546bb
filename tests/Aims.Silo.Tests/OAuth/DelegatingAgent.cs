using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aims.Testing;

namespace Aims.Silo.Tests.OAuth;

/// <summary>
/// An agent that a user delegates to with the authorization code flow: registered and attested (CSR → X509-SVID, so the
/// silo knows its key), with its redirect URI registered through RFC 7591 under its SPIFFE ID, and redeeming codes and
/// refresh tokens at the token endpoint with private_key_jwt.
/// </summary>
internal sealed class DelegatingAgent : IDisposable
{
    private readonly UserDelegationSiloFixture _silo;
    private readonly HttpClient _anonymous;

    private DelegatingAgent(UserDelegationSiloFixture silo, string id, string redirectUri)
    {
        _silo = silo;
        _anonymous = silo.Silo.CreateHttpClient();
        Id = id;
        RedirectUri = redirectUri;
    }

    /// <summary>The SPIFFE ID, which is also its client_id.</summary>
    public string Id { get; }

    public string RedirectUri { get; }

    public AgentClientKey Key { get; } = new();

    /// <summary>Registers, attests and registers <paramref name="redirectUri"/> for a new agent under the fixture's policy.</summary>
    public static async Task<DelegatingAgent> CreateAsync(UserDelegationSiloFixture silo, string redirectUri)
    {
        var agent = new DelegatingAgent(silo, SiloApi.AgentId(SiloApi.UniqueName("delegate")), redirectUri);
        try
        {
            var svid = await agent.AttestAsync();
            await agent.RegisterRedirectUriAsync(svid);
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    /// <summary>RFC 6749 §4.1.1 with PKCE (RFC 7636 §4.3) and a resource indicator (RFC 8707 §2).</summary>
    public string AuthorizeUrl(Pkce pkce, string state) => _silo.Silo.HttpUrl + "/oauth2/authorize?" + string.Join('&', new (string Name, string Value)[]
    {
        ("response_type", "code"),
        ("client_id", Id),
        ("redirect_uri", RedirectUri),
        ("scope", UserDelegationSiloFixture.Scopes),
        ("state", state),
        ("code_challenge", pkce.Challenge),
        ("code_challenge_method", Pkce.Method),
        ("resource", UserDelegationSiloFixture.Resource),
    }.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>RFC 6749 §4.1.3 with the PKCE verifier (RFC 7636 §4.5), as this agent.</summary>
    public Task<(HttpStatusCode Status, JsonElement Json, string Text)> RedeemAsync(string code, string verifier) =>
        OAuthSilo.PostFormAsync(_anonymous, "/oauth2/token",
        [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", RedirectUri),
            ("code_verifier", verifier),
            .. Key.ClientAuthentication(Id, _silo.TokenEndpoint),
        ]);

    /// <summary>RFC 6749 §6, as this agent.</summary>
    public Task<(HttpStatusCode Status, JsonElement Json, string Text)> RefreshAsync(string refreshToken) =>
        OAuthSilo.PostFormAsync(_anonymous, "/oauth2/token",
        [
            ("grant_type", "refresh_token"),
            ("refresh_token", refreshToken),
            .. Key.ClientAuthentication(Id, _silo.TokenEndpoint),
        ]);

    public void Dispose()
    {
        _anonymous.Dispose();
        Key.Dispose();
    }

    /// <summary>Registers the agent, attests it with a join token; returns a JWT-SVID whose audience is the issuer.</summary>
    private async Task<string> AttestAsync()
    {
        var silo = _silo.Silo;
        using var op = silo.CreateHttpClient(asOperator: true);
        await SiloApi.RegisterAgentAsync(silo, op, Id, _silo.Policy);
        var joinToken = await SiloApi.CreateJoinTokenAsync(silo, op, Id);
        var issued = await SiloApi.SendAsync(silo, _anonymous, HttpMethod.Post, "/v1/attest", new
        {
            spiffe_id = Id,
            evidence = new[] { new { type = "join_token", token = joinToken } },
            csr = Key.CsrPem(),
            audience = new[] { _silo.Issuer },
        }, HttpStatusCode.OK);
        return issued.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;
    }

    /// <summary>RFC 7591 §3.1, authenticated with the agent's JWT-SVID: the client_id it gets is its SPIFFE ID.</summary>
    private async Task RegisterRedirectUriAsync(string svid)
    {
        var metadata = JsonSerializer.Serialize(new
        {
            redirect_uris = new[] { RedirectUri },
            grant_types = new[] { "authorization_code", "refresh_token", "client_credentials" },
            token_endpoint_auth_method = "private_key_jwt",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/register")
        {
            Content = new StringContent(metadata, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", svid);
        using var response = await _anonymous.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /oauth2/register answered {(int)response.StatusCode}: {text}\n{_silo.Silo.Describe()}");
        Assert.Equal(Id, SiloApi.Parse(text).GetProperty("client_id").GetString());
    }
}
