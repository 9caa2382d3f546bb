using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Aims.Core.Authority;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Aims.Core.Signals;
using Microsoft.Extensions.Time.Testing;

namespace Aims.ResourceServer.Tests.Testing;

/// <summary>
/// The fabric as a resource server sees it over HTTP: its JWKS, its SSF metadata, stream management, an RFC 8936
/// poll queue that keeps each SET until it is acknowledged or refused, and a token endpoint. It mints access tokens
/// and SETs with its own keys through Aims.Core, like the real one. Every request it serves is recorded.
/// </summary>
internal sealed class FakeFabric : IDisposable
{
    public const string Issuer = "https://fabric.test";
    public const string Receiver = "spiffe://aims.local/tools/reports";
    public const string StreamId = "stream-1";

    private readonly List<SigningCredential> _keys = [];
    private readonly AccessTokenIssuer _tokens = new();
    private readonly Aims.Core.Credentials.WitIssuer _wits = new();
    private readonly SecurityEventTokenWriter _sets = new();
    private readonly ConcurrentDictionary<string, string> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ConcurrentQueue<HttpStatusCode> _pollFailures = new();
    private int _streamsCreated;

    public FakeFabric(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        Key = AddKey("key-1");
        WitKey = new SigningCredential("wit-key-1", ECDsa.Create(ECCurve.NamedCurves.nistP256), Time.GetUtcNow().AddDays(30));
    }

    public const string TrustDomain = "aims.local";

    /// <summary>The fabric's WIT authority: a wit-svid key of its SPIFFE bundle, apart from the access-token keys.</summary>
    public SigningCredential WitKey { get; }

    public int BundleFetches;

    public FakeTimeProvider Time { get; }

    public SigningCredential Key { get; }

    public int JwksFetches;

    /// <summary>When set, what <c>/oauth2/jwks</c> answers instead of the keys.</summary>
    public Func<HttpResponseMessage>? JwksOverride { get; set; }

    public ConcurrentQueue<(HttpMethod Method, string PathAndQuery, string? Authorization, string Body)> Requests { get; } = new();

    /// <summary>Every poll body, in order, as the receiver sent it.</summary>
    public Channel<JsonObject> Polls { get; } = Channel.CreateUnbounded<JsonObject>();

    public ConcurrentQueue<string> DeletedStreams { get; } = new();

    public int StreamsCreated => _streamsCreated;

    /// <summary>The delivery a created stream gets; poll unless a test creates push streams.</summary>
    public JsonObject? LastCreateRequest { get; private set; }

    public SigningCredential AddKey(string kid)
    {
        var key = new SigningCredential(kid, ECDsa.Create(ECCurve.NamedCurves.nistP256), Time.GetUtcNow().AddDays(30));
        lock (_keys)
            _keys.Add(key);
        return key;
    }

    public HttpMessageHandler CreateHandler() => new Handler(this);

    public string AccessToken(
        string subject = "spiffe://aims.local/agents/analyst", string scope = "read:reports", string audience = ToolHost.Resource,
        string issuer = Issuer, SigningCredential? key = null, string? clientId = null, IReadOnlyList<string>? actors = null, string? cnf = null,
        TimeSpan? ttl = null) =>
        _tokens.Mint(key ?? Key, new AccessTokenRequest
        {
            Issuer = issuer,
            Subject = subject,
            Audience = [audience],
            ClientId = clientId ?? subject,
            Scope = ScopeSet.Parse(scope),
            Ttl = ttl ?? TimeSpan.FromMinutes(5),
            Actors = actors ?? [],
            CnfX5tS256 = cnf,
        }, Time.GetUtcNow()).Token;

    /// <summary>A WIT-SVID bound to <paramref name="agentKey"/>, as <c>POST /v1/wit</c> issues it.</summary>
    public string Wit(JsonWebKey agentKey, string subject = "spiffe://aims.local/agents/analyst", TimeSpan? ttl = null, SigningCredential? key = null) =>
        _wits.Mint(key ?? WitKey, Aims.Core.Identity.SpiffeId.Parse(subject), agentKey, Time.GetUtcNow(), ttl ?? TimeSpan.FromHours(1)).Token;

    /// <summary>A SET as the fabric signs it for this receiver (SSF 1.0 §4).</summary>
    public string Set(SecurityEvent securityEvent, string? jti = null, string audience = Receiver, SigningCredential? key = null, DateTimeOffset? issuedAt = null) =>
        _sets.Write(securityEvent, Issuer, [audience], jti ?? Guid.NewGuid().ToString("N"), issuedAt ?? Time.GetUtcNow(), key ?? Key);

    public static EventCause Cause(DateTimeOffset at) => new(Guid.NewGuid().ToString("N"), at, InitiatingEntity.Admin, "test");

    /// <summary>Queues a SET for the stream's next poll; it stays until acknowledged or refused.</summary>
    public void Enqueue(string jti, string set)
    {
        _pending[jti] = set;
        _arrived.Release();
    }

    /// <summary>The next polls answer these statuses, one each, before polls work again.</summary>
    public void FailPolls(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
            _pollFailures.Enqueue(status);
    }

    /// <summary>Waits for a poll whose body satisfies <paramref name="match"/>; a generous deadline only keeps a broken test from hanging.</summary>
    public async Task<JsonObject> NextPollAsync(Func<JsonObject, bool> match)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var poll = await Polls.Reader.ReadAsync(deadline.Token);
            if (match(poll))
                return poll;
        }
    }

    public void Dispose()
    {
        lock (_keys)
        {
            foreach (var key in _keys)
                key.Dispose();
        }

        WitKey.Dispose();
        _arrived.Dispose();
    }

    private string JwksJson()
    {
        lock (_keys)
            return JwkSet.ToJson(_keys.Select(k => JsonWebKey.FromECDsa(k.PrivateKey, k.Kid, "sig", k.Algorithm)));
    }

    private async Task<HttpResponseMessage> ServeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request.Method, request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(), body));
        if (request.RequestUri.GetLeftPart(UriPartial.Authority) != Issuer)
            return new HttpResponseMessage(HttpStatusCode.BadGateway);

        return (request.Method.Method, request.RequestUri.AbsolutePath) switch
        {
            ("GET", "/oauth2/jwks") => Jwks(),
            ("GET", "/spiffe/bundle") => Bundle(),
            ("GET", "/.well-known/ssf-configuration") => Json(HttpStatusCode.OK, new JsonObject
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = Issuer + "/oauth2/jwks",
                ["configuration_endpoint"] = Issuer + "/ssf/streams",
            }),
            ("POST", "/oauth2/token") => Json(HttpStatusCode.OK, new JsonObject { ["access_token"] = "cc-token", ["token_type"] = "Bearer", ["expires_in"] = 600 }),
            ("POST", "/ssf/streams") => CreateStream(body),
            ("GET", "/ssf/streams") => request.RequestUri.Query.Contains("stream_id=" + StreamId, StringComparison.Ordinal)
                ? Json(HttpStatusCode.OK, StreamConfiguration(new JsonObject { ["method"] = "urn:ietf:rfc:8936", ["endpoint_url"] = PollUrl }))
                : new HttpResponseMessage(HttpStatusCode.NotFound),
            ("DELETE", "/ssf/streams") => DeleteStream(request.RequestUri.Query),
            ("POST", "/ssf/poll") => await PollAsync(body, cancellationToken),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    private static string PollUrl => Issuer + "/ssf/poll?stream_id=" + StreamId;

    private HttpResponseMessage Jwks()
    {
        Interlocked.Increment(ref JwksFetches);
        return JwksOverride?.Invoke() ?? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JwksJson(), Encoding.UTF8, "application/jwk-set+json") };
    }

    /// <summary>The SPIFFE bundle's JWT keys: the WIT authority with use wit-svid, and an access-token key that must not validate WITs.</summary>
    private HttpResponseMessage Bundle()
    {
        Interlocked.Increment(ref BundleFetches);
        var json = JwkSet.ToJson([
            JsonWebKey.FromECDsa(WitKey.PrivateKey, WitKey.Kid, SpiffeBundle.WitSvidUse, WitKey.Algorithm),
            JsonWebKey.FromECDsa(Key.PrivateKey, Key.Kid, SpiffeBundle.JwtSvidUse, Key.Algorithm),
        ]);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }

    private HttpResponseMessage CreateStream(string body)
    {
        Interlocked.Increment(ref _streamsCreated);
        var request = JsonNode.Parse(body)!.AsObject();
        LastCreateRequest = request;
        var delivery = request["delivery"]?["method"]?.GetValue<string>() == "urn:ietf:rfc:8935"
            ? new JsonObject { ["method"] = "urn:ietf:rfc:8935", ["endpoint_url"] = request["delivery"]!["endpoint_url"]!.GetValue<string>() }
            : new JsonObject { ["method"] = "urn:ietf:rfc:8936", ["endpoint_url"] = PollUrl };
        return Json(HttpStatusCode.Created, StreamConfiguration(delivery));
    }

    private static JsonObject StreamConfiguration(JsonObject delivery) => new()
    {
        ["stream_id"] = StreamId,
        ["iss"] = Issuer,
        ["aud"] = Receiver,
        ["delivery"] = delivery,
        ["events_delivered"] = new JsonArray([.. Aims.ResourceServer.Signals.FabricSignalOptions.DefaultEventsRequested.Select(e => JsonValue.Create(e))]),
    };

    private HttpResponseMessage DeleteStream(string query)
    {
        DeletedStreams.Enqueue(Uri.UnescapeDataString(query[(query.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        return new HttpResponseMessage(HttpStatusCode.NoContent);
    }

    /// <summary>RFC 8936: drop what is acknowledged or refused, answer what is pending, or hold the poll until a SET arrives.</summary>
    private async Task<HttpResponseMessage> PollAsync(string body, CancellationToken cancellationToken)
    {
        var poll = JsonNode.Parse(body)!.AsObject();
        foreach (var jti in poll["ack"]?.AsArray() ?? [])
            _pending.TryRemove(jti!.GetValue<string>(), out _);
        foreach (var (jti, _) in poll["setErrs"]?.AsObject() ?? [])
            _pending.TryRemove(jti, out _);
        await Polls.Writer.WriteAsync(poll, cancellationToken);

        if (_pollFailures.TryDequeue(out var failure))
            return new HttpResponseMessage(failure);
        while (_pending.IsEmpty)
            await _arrived.WaitAsync(cancellationToken);

        var sets = new JsonObject();
        foreach (var (jti, set) in _pending)
            sets[jti] = set;
        return Json(HttpStatusCode.OK, new JsonObject { ["sets"] = sets });
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private sealed class Handler(FakeFabric fabric) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            fabric.ServeAsync(request, cancellationToken);
    }
}
