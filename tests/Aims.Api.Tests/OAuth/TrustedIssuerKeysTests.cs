using System.Net;
using Aims.Api.OAuth;
using Aims.Api.Tests.Testing;
using Aims.Core.OAuth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>The jwks_uri fetcher against a real loopback server, with a fake clock driving cache expiry and the refetch floor.</summary>
public sealed class TrustedIssuerKeysTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _first = PartnerAuthority.Jwks(PartnerAuthority.EcJwk(PartnerAuthority.FetchedKey, "k1"));
    private JwksServer _server = null!;
    private TrustedIssuer _issuer = null!;
    private TrustedIssuerKeys _keys = null!;

    public async Task InitializeAsync()
    {
        _server = await JwksServer.StartAsync(FreePorts.Take(1)[0], _first);
        Assert.True(TrustedIssuer.TryCreate(PartnerAuthority.FetchedIssuer, null, _server.Uri.ToString(), "p", [PartnerAuthority.TrustDomain], out var issuer, out var error), error);
        _issuer = issuer;
        _keys = new TrustedIssuerKeys(new TrustedIssuerDirectory([issuer]), _time, NullLogger<TrustedIssuerKeys>.Instance);
    }

    public async Task DisposeAsync()
    {
        _keys.Dispose();
        await _server.DisposeAsync();
    }

    private Task<Core.Jose.VerificationKeySet?> GetAsync(string? kid) => _keys.GetAsync(_issuer, kid, CancellationToken.None);

    private static string Rotated() => PartnerAuthority.Jwks(PartnerAuthority.EcJwk(PartnerAuthority.EcKey, "k2"));

    [Fact]
    public async Task GetAsync_InlineIssuer_ConfiguredKeysWithoutAnyFetch()
    {
        Assert.True(TrustedIssuer.TryCreate(PartnerAuthority.Issuer, _first, null, "p", [PartnerAuthority.TrustDomain], out var inline, out var error), error);

        var keys = await _keys.GetAsync(inline, "k1", CancellationToken.None);

        Assert.Same(inline.Keys, keys);
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public async Task GetAsync_KnownKidTwice_FetchedOnceThenCached()
    {
        var first = await GetAsync("k1");
        var second = await GetAsync("k1");

        Assert.NotNull(first);
        Assert.Equal(["k1"], first.KeyIds);
        Assert.Same(first, second);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task GetAsync_UnknownKidAfterTheRefetchFloor_RefetchesOnceAndFindsTheRotatedKey()
    {
        await GetAsync("k1");
        _server.Body = Rotated();
        _time.Advance(TrustedIssuerKeys.RefetchInterval);

        var keys = await GetAsync("k2");
        await GetAsync("k2");

        Assert.Equal(["k2"], keys!.KeyIds);
        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public async Task GetAsync_UnknownKidsWithinTheRefetchFloor_NoFetchAmplification()
    {
        await GetAsync("k1");
        _server.Body = Rotated();

        foreach (var kid in new[] { "made-up-1", "made-up-2", "k2" })
            Assert.Equal(["k1"], (await GetAsync(kid))!.KeyIds);

        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task GetAsync_AfterTheCacheLifetime_FetchesAgain()
    {
        await GetAsync("k1");
        _server.Body = Rotated();
        _time.Advance(TrustedIssuerKeys.CacheLifetime);

        var keys = await GetAsync(null);

        Assert.Equal(["k2"], keys!.KeyIds);
        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public async Task GetAsync_RefreshFails_LastGoodKeysServeUntilTooStale()
    {
        var good = await GetAsync("k1");
        _server.Status = HttpStatusCode.InternalServerError;

        _time.Advance(TrustedIssuerKeys.CacheLifetime);
        Assert.Same(good, await GetAsync("k1"));
        _time.Advance(TrustedIssuerKeys.MaxStaleness - TrustedIssuerKeys.CacheLifetime);
        Assert.Null(await GetAsync("k1"));
        Assert.Equal(3, _server.Requests);
    }

    [Fact]
    public async Task GetAsync_Redirect_NotFollowed()
    {
        _server.RedirectTo = "/elsewhere";

        Assert.Null(await GetAsync("k1"));
    }

    [Fact]
    public async Task GetAsync_BodyLargerThanAJwkSet_Refused()
    {
        _server.Body = _first.Replace("\"use\"", $"\"x5u\":\"{new string('a', Core.Jose.VerificationKeySet.MaxDocumentBytes)}\",\"use\"", StringComparison.Ordinal);

        Assert.Null(await GetAsync("k1"));
    }

    [Theory]
    [InlineData("<html>not json</html>")]
    [InlineData("""{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA","kid":"k1","d":"AA"}]}""")]
    public async Task GetAsync_NotAUsableJwkSet_Null(string body)
    {
        _server.Body = body;

        Assert.Null(await GetAsync("k1"));
    }

    [Fact]
    public async Task GetAsync_FailedFirstFetch_RetriedOnlyAfterTheFloor()
    {
        _server.Status = HttpStatusCode.ServiceUnavailable;
        Assert.Null(await GetAsync("k1"));
        _server.Status = HttpStatusCode.OK;

        Assert.Null(await GetAsync("k1"));
        _time.Advance(TrustedIssuerKeys.RefetchInterval);
        Assert.NotNull(await GetAsync("k1"));
        Assert.Equal(2, _server.Requests);
    }
}
