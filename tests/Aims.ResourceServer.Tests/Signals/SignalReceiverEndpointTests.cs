using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Signals;
using Aims.ResourceServer.Signals;
using Aims.ResourceServer.Tests.Testing;

namespace Aims.ResourceServer.Tests.Signals;

public sealed class SignalReceiverEndpointTests : IAsyncLifetime
{
    private const string Agent = "spiffe://aims.local/agents/analyst";
    private const string PushSecret = "Bearer push-secret";

    private readonly FakeFabric _fabric = new();
    private ToolHost _tool = null!;

    public async Task InitializeAsync()
    {
        _tool = await ToolHost.StartAsync(_fabric, signals: options =>
        {
            options.Delivery = SignalDelivery.Push;
            options.PushEndpoint = "https://reports.test/ssf/events";
            options.PushAuthorizationHeader = PushSecret;
            options.AccessToken = _ => Task.FromResult("ssf-token");
        }, map: app => app.MapAimsSignalReceiver("/ssf/events"));
        await _tool.Subscriber.Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _tool.DisposeAsync();
        _fabric.Dispose();
    }

    [Fact]
    public void Subscribe_PushMode_CreatesAPushStreamWithTheEndpointAndItsAuthorizationHeader()
    {
        var delivery = _fabric.LastCreateRequest!["delivery"]!;
        Assert.Equal("urn:ietf:rfc:8935", delivery["method"]!.GetValue<string>());
        Assert.Equal("https://reports.test/ssf/events", delivery["endpoint_url"]!.GetValue<string>());
        Assert.Equal(PushSecret, delivery["authorization_header"]!.GetValue<string>());
        Assert.Equal(FabricSignalOptions.DefaultEventsRequested, _fabric.LastCreateRequest!["events_requested"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.All(_fabric.Requests.Where(r => r.PathAndQuery.StartsWith("/ssf/", StringComparison.Ordinal)), r => Assert.Equal("Bearer ssf-token", r.Authorization));
    }

    [Fact]
    public async Task Push_CompromiseOfAnAgent_Is202AndItsTokensAreRefusedAtOnce()
    {
        var token = _fabric.AccessToken(subject: Agent);
        using (var before = await _tool.GetAsync("/reports", token))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var push = await PushAsync(_fabric.Set(Compromise()));
        using var after = await _tool.GetAsync("/reports", token);

        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        Assert.Empty(await push.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Push_BadSignature_Is400AuthenticationFailedAndChangesNothing()
    {
        using var push = await PushAsync(Jwt.Tamper(_fabric.Set(Compromise())));

        await AssertRefusedAsync(push, SetDeliveryErrors.AuthenticationFailed);
        Assert.Equal(0, _tool.Revocations.Count);
    }

    [Fact]
    public async Task Push_SignedByAKeyTheFabricNeverPublished_Is400InvalidKey()
    {
        using var stranger = new Core.Authority.SigningCredential("key-1", ECDsa.Create(ECCurve.NamedCurves.nistP256), _fabric.Time.GetUtcNow().AddDays(1));
        using var outsider = new Core.Authority.SigningCredential("key-x", ECDsa.Create(ECCurve.NamedCurves.nistP256), _fabric.Time.GetUtcNow().AddDays(1));

        using var sameKid = await PushAsync(_fabric.Set(Compromise(), key: stranger));
        using var unknownKid = await PushAsync(_fabric.Set(Compromise(), key: outsider));

        await AssertRefusedAsync(sameKid, SetDeliveryErrors.AuthenticationFailed);
        await AssertRefusedAsync(unknownKid, SetDeliveryErrors.InvalidKey);
        Assert.Equal(0, _tool.Revocations.Count);
    }

    [Fact]
    public async Task Push_ForAnotherReceiver_Is400InvalidAudience()
    {
        using var push = await PushAsync(_fabric.Set(Compromise(), audience: "spiffe://aims.local/tools/other"));

        await AssertRefusedAsync(push, SetDeliveryErrors.InvalidAudience);
        Assert.Equal(0, _tool.Revocations.Count);
    }

    [Fact]
    public async Task Push_ReplayedJti_IsRefusedTheSecondTime()
    {
        var set = _fabric.Set(Compromise(), jti: "set-1");

        using var first = await PushAsync(set);
        using var replay = await PushAsync(set);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var description = await AssertRefusedAsync(replay, SetDeliveryErrors.InvalidRequest);
        Assert.Contains("set-1", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_WithoutTheConfiguredAuthorization_Is401AndTheBodyIsIgnored()
    {
        using var wrong = await PushAsync(_fabric.Set(Compromise()), authorization: "Bearer guessed");
        using var none = await PushAsync(_fabric.Set(Compromise()), authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(0, _tool.Revocations.Count);
    }

    [Fact]
    public async Task Push_NotASetMediaType_Is400InvalidRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ssf/events") { Content = new StringContent(_fabric.Set(Compromise())) };
        request.Headers.TryAddWithoutValidation("Authorization", PushSecret);

        using var push = await _tool.Client.SendAsync(request);

        await AssertRefusedAsync(push, SetDeliveryErrors.InvalidRequest);
    }

    private SecurityEvent Compromise() =>
        SecurityEvents.CredentialCompromise(SubjectIdentifier.ForUri(Agent), "x509", FakeFabric.Cause(_fabric.Time.GetUtcNow()));

    private Task<HttpResponseMessage> PushAsync(string set, string? authorization = PushSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ssf/events") { Content = new StringContent(set, MediaTypeHeaderValue.Parse("application/secevent+jwt")) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return _tool.Client.SendAsync(request);
    }

    /// <summary>RFC 8935 §2.3: 400, JSON with err and description, and Content-Language. Returns the description.</summary>
    private static async Task<string> AssertRefusedAsync(HttpResponseMessage response, string err)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400 {err}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["en"], response.Content.Headers.ContentLanguage);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(err, json.RootElement.GetProperty("err").GetString());
        var description = json.RootElement.GetProperty("description").GetString();
        Assert.False(string.IsNullOrWhiteSpace(description));
        return description!;
    }
}
