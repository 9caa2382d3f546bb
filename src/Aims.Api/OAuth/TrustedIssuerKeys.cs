using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Microsoft.Extensions.Logging;

namespace Aims.Api.OAuth;

/// <summary>
/// The keys of the trusted issuers of JWT authorization grants (RFC 7523 §3 item 9): inline ones as configured,
/// the others fetched from their <c>jwks_uri</c> and cached. An assertion naming a <c>kid</c> the cache lacks (the
/// issuer rotated) triggers one early refetch; fetches of one issuer are at least <see cref="RefetchInterval"/>
/// apart, so assertions with made-up kids cannot turn this server into a request amplifier against the issuer.
/// Fetches are bounded in time and size and never follow redirects. When a refresh fails the last good keys stay
/// in use for at most <see cref="MaxStaleness"/>. One instance per process (a singleton).
/// </summary>
public sealed partial class TrustedIssuerKeys : IDisposable
{
    /// <summary>How long fetched keys are used before they are fetched again.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two fetches of one issuer's keys.</summary>
    public static readonly TimeSpan RefetchInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long the last good keys serve while the issuer's <c>jwks_uri</c> cannot be fetched.</summary>
    public static readonly TimeSpan MaxStaleness = TimeSpan.FromHours(1);

    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly ILogger<TrustedIssuerKeys> _log;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, Entry> _fetched = new(StringComparer.Ordinal);

    public TrustedIssuerKeys(TrustedIssuerDirectory issuers, TimeProvider time, ILogger<TrustedIssuerKeys> log)
    {
        Issuers = issuers;
        _time = time;
        _log = log;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = FetchTimeout,
            PooledConnectionLifetime = CacheLifetime,
            MaxResponseHeadersLength = 16,
        })
        {
            Timeout = FetchTimeout,
            MaxResponseContentBufferSize = VerificationKeySet.MaxDocumentBytes,
        };
    }

    public TrustedIssuerDirectory Issuers { get; }

    /// <summary>
    /// The keys to verify an assertion of <paramref name="issuer"/> signed with <paramref name="kid"/>: fetched when
    /// missing, stale, or lacking that kid (subject to <see cref="RefetchInterval"/>). Null when no keys are known,
    /// because every fetch so far failed.
    /// </summary>
    public async Task<VerificationKeySet?> GetAsync(TrustedIssuer issuer, string? kid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (issuer.Keys is { } inline)
            return inline;

        var entry = _fetched.GetOrAdd(issuer.Issuer, static _ => new Entry());
        if (entry.Serves(kid, _time.GetUtcNow()) is { } cached)
            return cached;

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another request may have fetched while this one waited.
            var now = _time.GetUtcNow();
            if (entry.Serves(kid, now) is { } fresh)
                return fresh;
            if (entry.LastAttempt is { } last && now - last < RefetchInterval)
                return entry.Usable(now);

            entry.LastAttempt = now;
            var (keys, error) = await FetchAsync(issuer.JwksUri!, cancellationToken);
            if (keys is null)
            {
                LogFetchFailed(_log, issuer.Issuer, issuer.JwksUri!, error!);
                return entry.Usable(now);
            }

            entry.Current = new FetchedKeys(keys, now);
            LogFetched(_log, issuer.Issuer, issuer.JwksUri!, keys.Count, kid);
            return keys;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var entry in _fetched.Values)
            entry.Gate.Dispose();
    }

    private async Task<(VerificationKeySet? Keys, string? Error)> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/jwk-set+json");
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                return (null, $"HTTP {(int)response.StatusCode}; redirects are not followed");
            if (response.Content.Headers.ContentLength > VerificationKeySet.MaxDocumentBytes)
                return (null, $"the JWK Set is larger than {VerificationKeySet.MaxDocumentBytes} bytes");

            var body = await ReadBoundedAsync(response.Content, cancellationToken);
            if (body is null)
                return (null, $"the JWK Set is larger than {VerificationKeySet.MaxDocumentBytes} bytes");
            return VerificationKeySet.TryParse(body, out var keys, out var error) ? (keys, null) : (null, error);
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {FetchTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The body as UTF-8 text, or null when it is longer than a JWK Set may be (whatever Content-Length said).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[VerificationKeySet.MaxDocumentBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            length += read;
        return length > VerificationKeySet.MaxDocumentBytes ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} keys of trusted issuer {Issuer} from {JwksUri} (asked for kid {Kid})")]
    private static partial void LogFetched(ILogger logger, string issuer, Uri jwksUri, int count, string? kid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the keys of trusted issuer {Issuer} from {JwksUri}: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string issuer, Uri jwksUri, string error);

    /// <summary>Keys as fetched at one instant; replaced whole, so a reader never sees keys with another fetch's time.</summary>
    private sealed record FetchedKeys(VerificationKeySet Keys, DateTimeOffset At);

    /// <summary>What is known of one issuer's fetched keys; changed only under <see cref="Gate"/>, read without it.</summary>
    private sealed class Entry
    {
        private volatile FetchedKeys? _current;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public FetchedKeys? Current
        {
            get => _current;
            set => _current = value;
        }

        /// <summary>When a fetch was last tried, successful or not; read and written under <see cref="Gate"/> only.</summary>
        public DateTimeOffset? LastAttempt { get; set; }

        /// <summary>The cached keys when they are fresh and hold <paramref name="kid"/> (or no kid was named).</summary>
        public VerificationKeySet? Serves(string? kid, DateTimeOffset now) =>
            _current is { } current && now - current.At < CacheLifetime && (kid is null || current.Keys.TryGetKey(kid, out _)) ? current.Keys : null;

        /// <summary>The last good keys, unless they are too old to trust without the issuer's word.</summary>
        public VerificationKeySet? Usable(DateTimeOffset now) => _current is { } current && now - current.At < MaxStaleness ? current.Keys : null;
    }
}
