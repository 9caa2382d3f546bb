using System.Net.Http.Headers;
using Aims.Core.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Keys;

/// <summary>
/// Keys this resource server fetches from the fabric and keeps. Fetched once; a request whose <c>kid</c> is known never
/// waits on the network. An unknown <c>kid</c> (the fabric rotated) triggers at most one refetch per
/// <see cref="MinRefetchInterval"/>, shared by every request that asks meanwhile, so a flood of tokens with made-up
/// kids cannot become a flood of fetches. Keys older than <see cref="AimsResourceServerOptions.JwksRefreshInterval"/>
/// are refreshed in the background, so a key the fabric withdrew stops validating without any request paying for it.
/// </summary>
public abstract partial class FabricKeySource(
    IHttpClientFactory httpClients, IOptions<AimsResourceServerOptions> options, TimeProvider time, ILogger logger) : IDisposable
{
    /// <summary>The shortest time between two fetches, whatever asks for them.</summary>
    public static readonly TimeSpan MinRefetchInterval = TimeSpan.FromSeconds(30);

    /// <summary>While no key was ever loaded, fetches are retried this often instead: nothing can be validated without one.</summary>
    private static readonly TimeSpan RetryWithoutKeys = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile LoadedKeys? _loaded;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private int _refreshingInBackground;

    protected AimsResourceServerOptions Settings => options.Value;

    /// <summary>Where the keys are published.</summary>
    protected abstract string Uri { get; }

    /// <summary>What the keys are, for messages: e.g. "signing keys".</summary>
    protected abstract string What { get; }

    /// <summary>The cached keys; fetched only when none were ever loaded.</summary>
    /// <exception cref="FabricUnavailableException">No key was ever loaded and the fabric could not be reached now.</exception>
    public async ValueTask<JwtBundle> GetKeysAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } loaded)
        {
            if (time.GetUtcNow() - loaded.FetchedAt >= options.Value.JwksRefreshInterval)
                RefreshInBackground();
            return loaded.Keys;
        }

        return await FetchAsync(stale: null, cancellationToken)
            ?? throw new FabricUnavailableException($"the fabric's {What} could not be fetched from {Uri}; try again shortly");
    }

    /// <summary>
    /// After validation against <paramref name="stale"/> met an unknown <c>kid</c>: newer keys if another caller or a
    /// refetch produced them, or null when nothing changed (including when a refetch is not due yet).
    /// </summary>
    public async ValueTask<JwtBundle?> RefreshAfterUnknownKidAsync(JwtBundle stale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stale);
        var fresh = await FetchAsync(stale, cancellationToken);
        return fresh is null || ReferenceEquals(fresh, stale) ? null : fresh;
    }

    public void Dispose()
    {
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The keys in a fetched document, or why it is not usable.</summary>
    protected abstract bool TryRead(byte[] document, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JwtBundle? keys,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error);

    /// <summary>
    /// One fetch at a time. Waiting callers reuse what the fetch before them got; a fetch happens only when its
    /// interval has passed. Returns the keys now loaded (possibly unchanged), or null when none ever were.
    /// </summary>
    private async Task<JwtBundle?> FetchAsync(JwtBundle? stale, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var loaded = _loaded;
            if (loaded is not null && !ReferenceEquals(loaded.Keys, stale))
                return loaded.Keys;

            var now = time.GetUtcNow();
            if (now - _lastAttempt < (loaded is null ? RetryWithoutKeys : MinRefetchInterval))
                return loaded?.Keys;
            _lastAttempt = now;

            // The fetch is not tied to the request that triggered it: its cancellation would waste the attempt for everyone.
            var keys = await DownloadAsync();
            if (keys is null)
                return loaded?.Keys;

            _loaded = new LoadedKeys(keys, time.GetUtcNow());
            LogKeysLoaded(logger, keys.KeyIds.Count, What, keys.KeyIds, Uri);
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<JwtBundle?> DownloadAsync()
    {
        var settings = options.Value;
        using var timeout = new CancellationTokenSource(settings.JwksFetchTimeout, time);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/jwk-set+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var client = httpClients.CreateClient(FabricHttp.ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogFetchFailed(logger, What, Uri, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            var body = await FabricHttp.ReadBoundedAsync(response.Content, settings.MaxJwksBytes, timeout.Token);
            if (!TryRead(body, out var keys, out var error))
            {
                LogFetchFailed(logger, What, Uri, error);
                return null;
            }

            return keys;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidDataException or OperationCanceledException)
        {
            LogFetchFailed(logger, What, Uri, e is OperationCanceledException ? $"no answer within {settings.JwksFetchTimeout.TotalSeconds:0} s" : e.Message);
            return null;
        }
    }

    private void RefreshInBackground()
    {
        if (Interlocked.CompareExchange(ref _refreshingInBackground, 1, 0) != 0)
            return;

        _ = Task.Run(async () =>
        {
            try
            {
                await FetchAsync(_loaded?.Keys, CancellationToken.None);
            }
            finally
            {
                Volatile.Write(ref _refreshingInBackground, 0);
            }
        });
    }

    private sealed record LoadedKeys(JwtBundle Keys, DateTimeOffset FetchedAt);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loaded {Count} fabric {What} [{Kids}] from {Uri}")]
    private static partial void LogKeysLoaded(ILogger logger, int count, string what, IEnumerable<string> kids, string uri);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Could not fetch the fabric's {What} from {Uri}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string what, string uri, string reason);
}
