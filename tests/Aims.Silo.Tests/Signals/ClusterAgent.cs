using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;

namespace Aims.Silo.Tests.Signals;

/// <summary>A delegation session an agent holds: the user signed in and allowed, the code was redeemed.</summary>
internal sealed record ClusterSession(string AccessToken, string RefreshToken, string OpenedThrough);

/// <summary>
/// An agent of the signal cluster: registered, attested with its own P-256 key (CSR → X509-SVID, so every silo knows
/// the key), its redirect URI registered (RFC 7591), and from then on authenticating with private_key_jwt assertions
/// it signs itself. It gets tokens and opens sessions through whichever silo a test names.
/// </summary>
internal sealed partial class ClusterAgent : IDisposable
{
    private readonly SignalClusterFixture _cluster;

    private ClusterAgent(SignalClusterFixture cluster, string id, string x509Serial, AgentClientKey key)
    {
        _cluster = cluster;
        Id = id;
        X509Serial = x509Serial;
        Key = key;
    }

    /// <summary>The SPIFFE ID, which is also its client_id.</summary>
    public string Id { get; }

    /// <summary>The serial of the X509-SVID it was issued at attestation (hex).</summary>
    public string X509Serial { get; }

    public string RedirectUri { get; } = $"http://127.0.0.1:{FreePorts.Next()}/callback";

    /// <summary>The key its X509-SVID was issued for; it signs the agent's client assertions.</summary>
    public AgentClientKey Key { get; }

    public string PathId => SiloApi.PathOf(Id);

    /// <summary>Registers, attests (through silo 1) and registers the redirect URI of a new agent under the cluster's policy.</summary>
    public static async Task<ClusterAgent> CreateAsync(SignalClusterFixture cluster, string name)
    {
        var id = SiloApi.AgentId(SiloApi.UniqueName(name));
        var (silo, op, anon) = cluster.Through(0);
        await SiloApi.RegisterAgentAsync(silo, op, id, cluster.Policy);
        var joinToken = await SiloApi.CreateJoinTokenAsync(silo, op, id);
        var key = new AgentClientKey();
        try
        {
            var issued = await SiloApi.SendAsync(silo, anon, HttpMethod.Post, "/v1/attest", new
            {
                spiffe_id = id,
                evidence = new[] { new { type = "join_token", token = joinToken } },
                csr = key.CsrPem(),
                audience = new[] { SignalClusterFixture.Issuer },
            }, HttpStatusCode.OK);
            using var certificate = X509Certificate2.CreateFromPem(issued.GetProperty("x509_svid").GetString());
            var agent = new ClusterAgent(cluster, id, certificate.SerialNumber, key);
            await agent.RegisterRedirectUriAsync(issued.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!);
            return agent;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>client_credentials through silo <paramref name="silo"/> (0-based) for <paramref name="scope"/>; the raw answer.</summary>
    public Task<(HttpStatusCode Status, JsonElement Json, string Text)> RequestTokenAsync(int silo, string scope) =>
        OAuthSilo.PostFormAsync(_cluster.Through(silo).Anonymous, "/oauth2/token",
        [
            ("grant_type", "client_credentials"),
            .. Key.ClientAuthentication(Id, SignalClusterFixture.TokenEndpoint),
            ("scope", scope),
            ("resource", SignalClusterFixture.Resource),
        ]);

    /// <summary>An access token issued through silo <paramref name="silo"/>; fails the test when none is issued.</summary>
    public async Task<string> IssueAsync(int silo, string scope = SignalClusterFixture.Scopes)
    {
        var (status, json, text) = await RequestTokenAsync(silo, scope);
        Assert.True(status == HttpStatusCode.OK, $"token for {Id} via {_cluster.Silos[silo].Name}: {(int)status} {text}\n{_cluster.Silos[silo].Describe()}");
        return json.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// The authorization code flow (RFC 6749 §4.1 with PKCE and a resource) through silo <paramref name="silo"/>: the
    /// configured user signs in and allows on the HTML pages (plain form posts with a cookie jar), the agent redeems
    /// the code with private_key_jwt. Opens a session of the agent for that user.
    /// </summary>
    public async Task<ClusterSession> OpenSessionAsync(int silo)
    {
        var process = _cluster.Silos[silo];
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = new Uri(process.HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        var pkce = Pkce.Create();
        var state = Pkce.NewState();
        var query = string.Join('&', new (string Name, string Value)[]
        {
            ("response_type", "code"), ("client_id", Id), ("redirect_uri", RedirectUri), ("scope", SignalClusterFixture.Scopes),
            ("state", state), ("code_challenge", pkce.Challenge), ("code_challenge_method", Pkce.Method), ("resource", SignalClusterFixture.Resource),
        }.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

        var login = await PageAsync(browser.GetAsync("oauth2/authorize?" + query), process);
        var consent = await PageAsync(browser.PostAsync("oauth2/authorize/login", Form(("flow", FlowOf(login)), ("username", SignalClusterFixture.UserId), ("password", _cluster.Password))), process);
        using var decision = await browser.PostAsync("oauth2/authorize/consent", Form(("flow", FlowOf(consent)), ("decision", "allow")));
        Assert.True(decision.StatusCode == HttpStatusCode.SeeOther && decision.Headers.Location is not null,
            $"consent via {process.Name} answered {(int)decision.StatusCode}: {await decision.Content.ReadAsStringAsync()}");
        var response = ParseQuery(decision.Headers.Location!);
        Assert.Equal(state, response.GetValueOrDefault("state"));
        Assert.True(response.TryGetValue("code", out var code), $"no code in the authorization response {decision.Headers.Location}");

        var (status, json, text) = await OAuthSilo.PostFormAsync(_cluster.Through(silo).Anonymous, "/oauth2/token",
        [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri), ("code_verifier", pkce.Verifier),
            .. Key.ClientAuthentication(Id, SignalClusterFixture.TokenEndpoint),
        ]);
        Assert.True(status == HttpStatusCode.OK, $"code redemption via {process.Name}: {(int)status} {text}\n{process.Describe()}");
        return new ClusterSession(json.GetProperty("access_token").GetString()!, json.GetProperty("refresh_token").GetString()!, process.Name);
    }

    /// <summary>RFC 6749 §6 through silo <paramref name="silo"/>; the raw answer.</summary>
    public Task<(HttpStatusCode Status, JsonElement Json, string Text)> RefreshAsync(int silo, string refreshToken) =>
        OAuthSilo.PostFormAsync(_cluster.Through(silo).Anonymous, "/oauth2/token",
        [
            ("grant_type", "refresh_token"),
            ("refresh_token", refreshToken),
            .. Key.ClientAuthentication(Id, SignalClusterFixture.TokenEndpoint),
        ]);

    public void Dispose() => Key.Dispose();

    private async Task RegisterRedirectUriAsync(string svid)
    {
        var (silo, _, anon) = _cluster.Through(0);
        var metadata = JsonSerializer.Serialize(new
        {
            redirect_uris = new[] { RedirectUri },
            grant_types = new[] { "authorization_code", "refresh_token", "client_credentials" },
            token_endpoint_auth_method = "private_key_jwt",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/register") { Content = new StringContent(metadata, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", svid);
        using var response = await anon.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /oauth2/register answered {(int)response.StatusCode}: {text}\n{silo.Describe()}");
    }

    private static async Task<string> PageAsync(Task<HttpResponseMessage> sending, SiloProcess silo)
    {
        using var response = await sending;
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri} via {silo.Name} answered {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>The hidden <c>flow</c> field of the login or consent form (AuthorizePages: a contract the browser tests rely on too).</summary>
    private static string FlowOf(string html)
    {
        var match = FlowField().Match(html);
        Assert.True(match.Success, $"no flow field on the page: {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static Dictionary<string, string> ParseQuery(Uri location) =>
        location.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal);

    [GeneratedRegex("<input type=\"hidden\" name=\"flow\" value=\"([^\"]*)\"")]
    private static partial Regex FlowField();
}
