using System.Net;
using System.Text.Json.Nodes;
using Aims.Core.Signals;
using Aims.ResourceServer.Signals;
using Aims.ResourceServer.Tests.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aims.ResourceServer.Tests.Signals;

/// <summary>
/// The poll loop against a fake fabric. These hosts run on the real clock with millisecond back-off, so a retry
/// happens at once; every wait is for an observable event (a poll arriving), never for time to pass.
/// </summary>
public sealed class FabricSignalSubscriberTests : IAsyncLifetime
{
    private const string Agent = "spiffe://aims.local/agents/analyst";

    private readonly FakeFabric _fabric = new(new FakeTimeProvider(DateTimeOffset.UtcNow));
    private ToolHost? _tool;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_tool is not null)
            await _tool.DisposeAsync();
        _fabric.Dispose();
    }

    [Fact]
    public async Task Poll_CompromiseOfAnAgent_IsAppliedAndAcknowledged()
    {
        var tool = await StartAsync();
        var token = _fabric.AccessToken(subject: Agent);
        using (var before = await tool.GetAsync("/reports", token))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        _fabric.Enqueue("set-1", _fabric.Set(Compromise(), jti: "set-1"));
        await _fabric.NextPollAsync(poll => Acks(poll).Contains("set-1"));
        using var after = await tool.GetAsync("/reports", token);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(FakeFabric.StreamId, tool.Subscriber.StreamId);
    }

    [Fact]
    public async Task Poll_Body_IsALongPollWithMaxEvents()
    {
        await StartAsync();

        var poll = await _fabric.NextPollAsync(_ => true);

        Assert.Equal(100, poll["maxEvents"]!.GetValue<int>());
        Assert.False(poll["returnImmediately"]!.GetValue<bool>());
        Assert.All(_fabric.Requests.Where(r => r.PathAndQuery.StartsWith("/ssf/", StringComparison.Ordinal)), r => Assert.Equal("Bearer ssf-token", r.Authorization));
    }

    [Fact]
    public async Task Poll_SetForAnotherReceiver_IsReportedInSetErrsAndChangesNothing()
    {
        var tool = await StartAsync();

        _fabric.Enqueue("set-2", _fabric.Set(Compromise(), jti: "set-2", audience: "spiffe://aims.local/tools/other"));
        var poll = await _fabric.NextPollAsync(p => p["setErrs"]?["set-2"] is not null);

        Assert.Equal(SetDeliveryErrors.InvalidAudience, poll["setErrs"]!["set-2"]!["err"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(poll["setErrs"]!["set-2"]!["description"]!.GetValue<string>()));
        Assert.Equal(0, tool.Revocations.Count);
    }

    [Fact]
    public async Task Poll_SetDeliveredAgain_IsAcknowledgedAgain()
    {
        await StartAsync();
        var set = _fabric.Set(Compromise(), jti: "set-3");
        _fabric.Enqueue("set-3", set);
        await _fabric.NextPollAsync(poll => Acks(poll).Contains("set-3"));

        _fabric.Enqueue("set-3", set);
        var again = await _fabric.NextPollAsync(poll => Acks(poll).Contains("set-3"));

        Assert.Empty(again["setErrs"]?.AsObject() ?? []);
    }

    [Fact]
    public async Task Poll_AfterFabricErrors_BacksOffAndRecoversOnItsOwn()
    {
        _fabric.FailPolls(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.Unauthorized);
        var tool = await StartAsync();
        var token = _fabric.AccessToken(subject: Agent);

        _fabric.Enqueue("set-4", _fabric.Set(Compromise(), jti: "set-4"));
        await _fabric.NextPollAsync(poll => Acks(poll).Contains("set-4"));
        using var after = await tool.GetAsync("/reports", token);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(1, _fabric.StreamsCreated);
    }

    [Fact]
    public async Task Poll_WhenTheStreamIsGone_CreatesANewOne()
    {
        _fabric.FailPolls(HttpStatusCode.NotFound);
        await StartAsync();

        _fabric.Enqueue("set-5", _fabric.Set(Compromise(), jti: "set-5"));
        await _fabric.NextPollAsync(poll => Acks(poll).Contains("set-5"));

        Assert.Equal(2, _fabric.StreamsCreated);
    }

    [Fact]
    public async Task Stop_DeletesTheStreamItCreated()
    {
        var tool = await StartAsync();

        await tool.DisposeAsync();
        _tool = null;

        Assert.Equal([FakeFabric.StreamId], _fabric.DeletedStreams);
    }

    [Fact]
    public async Task Subscribe_ConfiguredStream_IsReadNotCreatedAndNotDeletedOnStop()
    {
        var tool = await StartAsync(options => options.StreamId = FakeFabric.StreamId);

        await tool.DisposeAsync();
        _tool = null;

        Assert.Equal(0, _fabric.StreamsCreated);
        Assert.Contains(_fabric.Requests, r => r.Method == HttpMethod.Get && r.PathAndQuery == "/ssf/streams?stream_id=" + FakeFabric.StreamId);
        Assert.Empty(_fabric.DeletedStreams);
    }

    [Fact]
    public async Task Subscribe_WithAClientAssertion_GetsItsSsfTokenByClientCredentials()
    {
        await StartAsync(options =>
        {
            options.AccessToken = null;
            options.ClientAssertion = _ => Task.FromResult("the-jwt-svid\n");
        });
        await _fabric.NextPollAsync(_ => true);

        var tokenRequest = Assert.Single(_fabric.Requests, r => r.PathAndQuery == "/oauth2/token");
        var form = tokenRequest.Body.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        Assert.Equal("the-jwt-svid", form["client_assertion"]);
        Assert.Equal(FakeFabric.Issuer + "/ssf", form["resource"]);
        Assert.Equal("ssf.manage", form["scope"]);
        Assert.All(_fabric.Requests.Where(r => r.PathAndQuery.StartsWith("/ssf/", StringComparison.Ordinal)), r => Assert.Equal("Bearer cc-token", r.Authorization));
    }

    private async Task<ToolHost> StartAsync(Action<FabricSignalOptions>? configure = null)
    {
        _tool = await ToolHost.StartAsync(_fabric, realTime: true, signals: options =>
        {
            options.AccessToken = _ => Task.FromResult("ssf-token");
            options.ReceiverId = FakeFabric.Receiver;
            options.MinBackoff = TimeSpan.FromMilliseconds(1);
            options.MaxBackoff = TimeSpan.FromMilliseconds(5);
            configure?.Invoke(options);
        });
        await _tool.Subscriber.Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        return _tool;
    }

    private SecurityEvent Compromise() =>
        SecurityEvents.CredentialCompromise(SubjectIdentifier.ForUri(Agent), "x509", FakeFabric.Cause(_fabric.Time.GetUtcNow()));

    private static List<string> Acks(JsonObject poll) => [.. (poll["ack"]?.AsArray() ?? []).Select(a => a!.GetValue<string>())];
}
