using System.Net;
using System.Text.Json.Nodes;
using Aims.Core.Signals.Streams;
using Aims.Core.Tokens;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// Keeps the <see cref="RevocationCache"/> current from the fabric's SSF stream, so a compromise or scope reduction
/// is honoured here within seconds. At startup it finds the fabric's SSF metadata and creates a stream for this
/// receiver (or reads <see cref="FabricSignalOptions.StreamId"/>). In poll mode it then long-polls the stream
/// (RFC 8936), taking in each SET through <see cref="SignalIntake"/> and acknowledging it, or reporting it in
/// <c>setErrs</c>, with the next poll. In push mode the fabric POSTs SETs to <c>MapAimsSignalReceiver</c>. Every
/// failure backs off and is retried; the subscriber recovers on its own. A stream it created is deleted when the
/// host stops. It also prunes the cache periodically.
/// </summary>
public sealed partial class FabricSignalSubscriber : BackgroundService
{
    private readonly FabricSignalOptions _options;
    private readonly SignalIntake _intake;
    private readonly RevocationCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger<FabricSignalSubscriber> _logger;
    private readonly SsfClient _ssf;
    private readonly ClientCredentialsTokenSource? _tokens;
    private readonly string _resource;
    private string? _configurationEndpoint;
    private string? _createdStreamId;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile SsfStream? _stream;

    public FabricSignalSubscriber(
        IHttpClientFactory httpClients,
        IOptions<AimsResourceServerOptions> server,
        IOptions<FabricSignalOptions> options,
        SignalIntake intake,
        RevocationCache cache,
        TimeProvider time,
        ILogger<FabricSignalSubscriber> logger)
    {
        _options = options.Value;
        _intake = intake;
        _cache = cache;
        _time = time;
        _logger = logger;
        _resource = server.Value.Resource;

        // SSF 1.0 §8 / CAEP interop: the management API takes tokens for the resource {issuer}/ssf with scope ssf.manage.
        var accessToken = _options.AccessToken;
        if (accessToken is null)
        {
            _tokens = new ClientCredentialsTokenSource(httpClients, server.Value.Issuer, server.Value.Issuer.TrimEnd('/') + "/ssf", "ssf.manage",
                _options.ClientAssertion ?? throw new InvalidOperationException("Set FabricSignalOptions.AccessToken or ClientAssertion."), time);
            accessToken = _tokens.GetTokenAsync;
        }

        _ssf = new SsfClient(httpClients, server.Value, _options, accessToken);
    }

    /// <summary>The stream SETs come on, once subscribed; null before (or while subscribing again).</summary>
    public string? StreamId => _stream?.StreamId;

    /// <summary>Completes when the first subscription is in place: a readiness probe can wait for it.</summary>
    public Task Subscribed => _subscribed.Task;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_createdStreamId is not { } streamId || _configurationEndpoint is not { } endpoint)
            return;

        // A stream per running instance: the one this instance created goes with it.
        try
        {
            await _ssf.DeleteStreamAsync(endpoint, streamId, cancellationToken);
            LogStreamDeleted(_logger, streamId);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidDataException)
        {
            LogStreamNotDeleted(_logger, streamId, e.Message);
        }
    }

    public override void Dispose()
    {
        _tokens?.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            PruneAsync(stoppingToken),
            _options.Delivery == SignalDelivery.Poll ? PollAsync(stoppingToken) : SubscribeForPushAsync(stoppingToken));

    /// <summary>RFC 8936: poll, take in what came, acknowledge it with the next poll; back off on any failure.</summary>
    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.MinBackoff, _options.MaxBackoff);
        var pending = new PollAcknowledgements();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var stream = _stream ?? await SubscribeAsync(stoppingToken);
                var batch = pending.Next(_options.MaxEventsPerPoll);
                var response = await _ssf.PollAsync(stream.EndpointUrl, batch.Body, stoppingToken);
                pending.Sent(batch);
                backoff.Reset();
                foreach (var (jti, set) in response.Sets)
                    await TakeInAsync(jti, set, pending, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (e is HttpRequestException { StatusCode: HttpStatusCode.NotFound })
                {
                    // The fabric no longer has the stream (deleted, or expired for inactivity): subscribe again.
                    LogStreamGone(_logger, _stream?.StreamId);
                    _stream = null;
                    pending = new PollAcknowledgements();
                }

                if (!await WaitAsync(backoff, e, stoppingToken))
                    return;
            }
        }
    }

    /// <summary>Acknowledges what was taken in (also a repeat, RFC 8936 §2.4), reports what was refused.</summary>
    private async Task TakeInAsync(string jti, string set, PollAcknowledgements pending, CancellationToken cancellationToken)
    {
        var result = await _intake.AcceptAsync(set, cancellationToken);
        if (result.Disposition == SetDisposition.Refused)
            pending.Refuse(jti, result.Error!, result.Description);
        else
            pending.Acknowledge(jti);
    }

    /// <summary>RFC 8935: only the stream is needed here; the fabric's pushes arrive at the receiver endpoint.</summary>
    private async Task SubscribeForPushAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.MinBackoff, _options.MaxBackoff);
        while (_stream is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SubscribeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!await WaitAsync(backoff, e, stoppingToken))
                    return;
            }
        }
    }

    /// <summary>SSF 1.0 §7, §8.1.1: find the stream endpoint, then read the configured stream or create one; it becomes the current stream.</summary>
    private async Task<SsfStream> SubscribeAsync(CancellationToken cancellationToken)
    {
        _configurationEndpoint ??= await _ssf.DiscoverConfigurationEndpointAsync(cancellationToken);
        SsfStream? stream = null;
        if (_options.StreamId is { } configured && _createdStreamId is null)
        {
            stream = await _ssf.ReadStreamAsync(_configurationEndpoint, configured, cancellationToken);
            if (stream is null)
                LogConfiguredStreamMissing(_logger, configured);
        }

        if (stream is null)
        {
            stream = await _ssf.CreateStreamAsync(_configurationEndpoint, CreateRequest(), cancellationToken);
            _createdStreamId = stream.StreamId;
        }

        var expected = _options.Delivery == SignalDelivery.Poll ? DeliveryMethods.Poll : DeliveryMethods.Push;
        if (stream.DeliveryMethod != expected)
            throw new InvalidDataException($"stream {stream.StreamId} is delivered by {stream.DeliveryMethod}, but this subscriber is configured for {expected}");

        var missing = _options.EventsRequested.Except(stream.EventsDelivered, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            LogEventsNotDelivered(_logger, stream.StreamId, missing);

        _intake.ExpectAudiences(stream.Audience);
        _stream = stream;
        LogSubscribed(_logger, stream.StreamId, stream.DeliveryMethod, stream.Audience);
        _subscribed.TrySetResult();
        return stream;
    }

    /// <summary>The receiver-supplied properties of a new stream (SSF 1.0 §8.1.1.1).</summary>
    private JsonObject CreateRequest()
    {
        var delivery = _options.Delivery == SignalDelivery.Poll
            ? new JsonObject { ["method"] = DeliveryMethods.Poll }
            : new JsonObject { ["method"] = DeliveryMethods.Push, ["endpoint_url"] = _options.PushEndpoint };
        if (_options.Delivery == SignalDelivery.Push && _options.PushAuthorizationHeader is { } authorization)
            delivery["authorization_header"] = authorization;

        return new JsonObject
        {
            ["events_requested"] = new JsonArray([.. _options.EventsRequested.Select(e => JsonValue.Create(e))]),
            ["delivery"] = delivery,
            ["description"] = $"Aims.ResourceServer for {_resource}",
        };
    }

    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PruneInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = _time.GetUtcNow();
                _cache.Prune(now);
                _intake.Prune(now);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <returns>False when the host is stopping.</returns>
    private async Task<bool> WaitAsync(Backoff backoff, Exception failure, CancellationToken stoppingToken)
    {
        var delay = backoff.Next();
        LogFailed(_logger, backoff.Failures, failure.Message, delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, _time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Subscribed to the fabric's signals on stream {StreamId} ({Method}) for audience {Audience}")]
    private static partial void LogSubscribed(ILogger logger, string streamId, string method, IEnumerable<string> audience);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Signal subscription failed ({Failures} in a row): {Reason}; retrying in {Seconds:0.0} s")]
    private static partial void LogFailed(ILogger logger, int failures, string reason, double seconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The fabric no longer has stream {StreamId}; subscribing again")]
    private static partial void LogStreamGone(ILogger logger, string? streamId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Configured stream {StreamId} does not exist for this receiver; creating a new one")]
    private static partial void LogConfiguredStreamMissing(ILogger logger, string streamId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Stream {StreamId} will not deliver {Events}: revocations of those kinds wait for token expiry")]
    private static partial void LogEventsNotDelivered(ILogger logger, string streamId, IEnumerable<string> events);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Deleted stream {StreamId} on shutdown")]
    private static partial void LogStreamDeleted(ILogger logger, string streamId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Could not delete stream {StreamId} on shutdown: {Reason}")]
    private static partial void LogStreamNotDeleted(ILogger logger, string streamId, string reason);
}
