using System.Net;
using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.Wimse;
using Aims.ResourceServer.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Bench.ResourceServer;

/// <summary>
/// <c>rs</c>: how many requests per second Aims.ResourceServer authenticates with access token + WIT + WPT, against the
/// raw ES256 verify rate in the same rounds. With the WIT and the access token cached by their hash, a request costs one
/// signature check (the WPT's, which is new every time) plus our parsing, hashing and cache lookups: the target is at
/// least half the raw verify rate.
/// </summary>
internal static class ResourceServerBenchmarks
{
    public const string RawVerify = "raw es256 verify";
    public const string Authenticate = "rs at+wit+wpt";
    public const string Request = "rs at+wit+wpt http";
    public const string AccessTokenOnly = "rs at only (cached)";
    public const string WptValidate = "core wpt validate";

    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter progress)
    {
        progress.WriteLine("starting a tool server on a test server");
        await using var fixture = await ResourceServerFixture.StartAsync();
        var witBinding = Binding(fixture);
        var replay = new WptReplayCache(4_000_000);

        // First requests load the keys and fill the WIT and access-token caches, as an agent's first call does.
        await AuthenticateAsync(fixture, fixture.MintProofs(1)[0], withProof: true);

        var perOpPerRound = TimeSpan.FromSeconds(options.Seconds / options.Rounds);
        var warmup = TimeSpan.FromSeconds(Math.Min(0.5, options.Seconds / options.Rounds));
        var authenticate = new ProofPool(Authenticate, fixture.MintProofs);
        var request = new ProofPool(Request, fixture.MintProofs);
        var core = new ProofPool(WptValidate, fixture.MintProofs);

        var verifyKey = fixture.RawVerifyKey;
        List<BenchOp> ops =
        [
            BenchOp.Sync(RawVerify, () =>
                Check(verifyKey.VerifyData(fixture.Message, fixture.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))),
            BenchOp.Async(Authenticate, () => AuthenticateAsync(fixture, authenticate.Next(), withProof: true), authenticate.TopUp),
            BenchOp.Async(Request, () => RequestAsync(fixture, request.Next()), request.TopUp),
            BenchOp.Async(AccessTokenOnly, () => AuthenticateAsync(fixture, proof: null, withProof: false)),
            BenchOp.Sync(WptValidate, () => ValidateProof(fixture, witBinding, replay, core.Next()), core.TopUp),
        ];
        Comparison[] comparisons =
        [
            new(Authenticate, "verify", r => r[RawVerify], 0.50),
            new(Request, "verify", r => r[RawVerify], null),
            new(AccessTokenOnly, "verify", r => r[RawVerify], null),
            new(WptValidate, "verify", r => r[RawVerify], null),
        ];

        var rounds = await new Runner(ops, progress).RunAsync(options.Rounds, perOpPerRound, warmup);
        return BenchReport.Create(options, rounds, comparisons);
    }

    /// <summary>
    /// What an ASP.NET Core request does for authentication: a request scope and the handler of the default scheme,
    /// on a request with the three headers; success is required.
    /// </summary>
    private static async Task AuthenticateAsync(ResourceServerFixture fixture, string? proof, bool withProof)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("tool.bench");
        context.Request.Path = ResourceServerFixture.Path;
        context.Request.Headers.Authorization = "Bearer " + fixture.AccessToken;
        if (withProof)
        {
            context.Request.Headers[WimseHeaders.WorkloadIdentityToken] = fixture.Wit;
            context.Request.Headers[WimseHeaders.WorkloadProofToken] = proof;
        }

        var result = await context.AuthenticateAsync(AimsAccessTokenDefaults.AuthenticationScheme);
        if (!result.Succeeded)
            throw new InvalidOperationException("authentication failed: " + result.Failure?.Message);
    }

    /// <summary>The whole pipeline of the test server: routing, authentication, the scope check, the endpoint.</summary>
    private static async Task RequestAsync(ResourceServerFixture fixture, string proof)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, ResourceServerFixture.Path);
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.AccessToken);
        message.Headers.Add(WimseHeaders.WorkloadIdentityToken, fixture.Wit);
        message.Headers.Add(WimseHeaders.WorkloadProofToken, proof);
        using var response = await fixture.Client.SendAsync(message);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {ResourceServerFixture.Path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static void ValidateProof(ResourceServerFixture fixture, WitBinding wit, WptReplayCache replay, string proof)
    {
        var result = WptValidator.Validate(proof, wit, new WptValidationParameters
        {
            Audience = ResourceServerFixture.Resource + ResourceServerFixture.Path,
            Now = TimeProvider.System.GetUtcNow(),
            Tokens = new RequestTokens(fixture.AccessToken),
            ReplayCache = replay,
        });
        if (!result.IsValid)
            throw new InvalidOperationException(result.ToString());
    }

    private static WitBinding Binding(ResourceServerFixture fixture)
    {
        var keys = new JwtBundle(Core.Identity.TrustDomain.Parse("aims.local"),
            new Dictionary<string, ECDsa> { [fixture.WitKey.Kid] = fixture.WitKey.PrivateKey });
        var wit = WitValidator.Validate(fixture.Wit, keys, TimeProvider.System.GetUtcNow());
        if (!wit.IsValid || !WitBinding.TryCreate(wit.Value, out var binding, out _))
            throw new InvalidOperationException("the fixture's WIT does not validate: " + wit);
        return binding;
    }

    private static void Check(bool ok)
    {
        if (!ok)
            throw new InvalidOperationException("verification failed");
    }
}
