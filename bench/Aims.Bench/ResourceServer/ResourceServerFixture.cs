using System.Net;
using System.Security.Cryptography;
using System.Text;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Aims.Core.Wimse;
using Aims.ResourceServer;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aims.Bench.ResourceServer;

/// <summary>
/// A tool server wired as <c>client/Aims.SampleTool</c> is (Aims.ResourceServer with WIT + WPT accepted), on an
/// in-memory test server, and an agent: its P-256 key, a WIT-SVID and an access token minted by the Core issuers
/// with the fabric's keys. The fabric's two key documents (<c>/oauth2/jwks</c>, <c>/spiffe/bundle</c>) are served
/// from memory: the resource server fetches them once, and the measured path never calls the fabric, so a silo
/// process would only add start-up time.
/// </summary>
internal sealed class ResourceServerFixture : IAsyncDisposable
{
    public const string Issuer = "https://fabric.bench";
    public const string Resource = "https://tool.bench";
    public const string Path = "/reports";
    public const string AgentId = "spiffe://aims.local/agents/bench";

    private readonly WebApplication _app;

    private ResourceServerFixture(WebApplication app, SigningCredential accessTokenKey, SigningCredential witKey, ECDsa agentKey)
    {
        _app = app;
        AccessTokenKey = accessTokenKey;
        WitKey = witKey;
        AgentKey = agentKey;
        Signer = WptSigner.FromECDsa(agentKey);
        var now = DateTimeOffset.UtcNow;
        Wit = new WitIssuer().Mint(witKey, SpiffeId.Parse(AgentId), Signer.PublicJwk, now, TimeSpan.FromHours(1)).Token;
        AccessToken = new AccessTokenIssuer().Mint(accessTokenKey, new AccessTokenRequest
        {
            Issuer = Issuer,
            Subject = AgentId,
            Audience = [Resource],
            ClientId = AgentId,
            Scope = ScopeSet.Parse("read:reports"),
            Ttl = TimeSpan.FromHours(1),
            Actors = [],
        }, now).Token;

        // The raw bound verifies with a public key imported from the JWK, as the resource server's bundle holds it.
        RawVerifyKey = JsonWebKey.FromECDsa(accessTokenKey.PrivateKey).ToECDsa()!;
        Message = RandomNumberGenerator.GetBytes(256);
        Signature = accessTokenKey.PrivateKey.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        Client = app.GetTestServer().CreateClient();
        Client.BaseAddress = new Uri(Resource);
    }

    public SigningCredential AccessTokenKey { get; }

    public SigningCredential WitKey { get; }

    public ECDsa AgentKey { get; }

    public WptSigner Signer { get; }

    public string Wit { get; }

    public string AccessToken { get; }

    public ECDsa RawVerifyKey { get; }

    public byte[] Message { get; }

    public byte[] Signature { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ResourceServerFixture> StartAsync()
    {
        var accessTokenKey = new SigningCredential("at-1", ECDsa.Create(ECCurve.NamedCurves.nistP256), DateTimeOffset.UtcNow.AddDays(1));
        var witKey = new SigningCredential("wit-1", ECDsa.Create(ECCurve.NamedCurves.nistP256), DateTimeOffset.UtcNow.AddDays(1));
        var documents = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Issuer + "/oauth2/jwks"] = JwkSet.ToJson([JsonWebKey.FromECDsa(accessTokenKey.PrivateKey, accessTokenKey.Kid, "sig", accessTokenKey.Algorithm)]),
            [Issuer + "/spiffe/bundle"] = JwkSet.ToJson([JsonWebKey.FromECDsa(witKey.PrivateKey, witKey.Kid, SpiffeBundle.WitSvidUse, witKey.Algorithm)]),
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme).AddAimsAccessTokens(options =>
        {
            options.Issuer = Issuer;
            options.Resource = Resource;
            options.ScopesSupported = ["read:reports"];
            options.TrustDomain = "aims.local";
            // Every proof of the run stays in the replay cache until it expires.
            options.ReplayCacheCapacity = 4_000_000;
        });
        builder.Services.AddHttpClient(FabricHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => new Documents(documents));
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(Path, () => "q1-revenue").RequireScope("read:reports");
        await app.StartAsync();
        return new ResourceServerFixture(app, accessTokenKey, witKey, ECDsa.Create(ECCurve.NamedCurves.nistP256));
    }

    /// <summary><paramref name="count"/> proofs for <c>GET /reports</c> with the access token, each with its own jti (untimed).</summary>
    public string[] MintProofs(int count)
    {
        var proofs = new string[count];
        var now = DateTimeOffset.UtcNow;
        var tokens = new RequestTokens(AccessToken);
        for (var i = 0; i < count; i++)
            proofs[i] = WptWriter.Write(Signer, Wit, Resource + Path, now, TimeSpan.FromMinutes(4), tokens);
        return proofs;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        AccessTokenKey.Dispose();
        WitKey.Dispose();
        AgentKey.Dispose();
        RawVerifyKey.Dispose();
    }

    private sealed class Documents(IReadOnlyDictionary<string, string> documents) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(documents.TryGetValue(request.RequestUri!.GetLeftPart(UriPartial.Path), out var json)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
