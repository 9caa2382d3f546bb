using System.Runtime;
using Aims.Core.Tokens;
using Aims.Grains;
using Aims.Grains.Tokens;

namespace Aims.Bench.Memory;

/// <summary>
/// <c>memory</c>: what a live access token costs the silo that holds its grain. Tokens are minted by the issuer grain
/// and recorded in their token grains exactly as <c>AgentGrain</c> does on a grant; the managed heap after a full,
/// compacting collection is compared before and after, and again once the tokens have expired and their
/// activations have gone (TokenGrain deactivates itself at expiry).
/// </summary>
internal static class MemoryBenchmark
{
    /// <summary>Long enough to activate every token before the first expires; short enough to watch them go.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    private const int WarmUpTokens = 1000;
    private const int Parallelism = 32;
    private static readonly TimeSpan ExpiryBudget = TimeSpan.FromSeconds(120);

    public static async Task<MemoryReport> RunAsync(int tokens, TextWriter progress)
    {
        await using var silo = await GrainFixture.StartAsync();
        progress.WriteLine($"warm-up: {WarmUpTokens} token grains (kept, like the rest)");
        await ActivateAsync(silo, WarmUpTokens);

        var baseline = HeapAfterFullCollection();
        var activationsBefore = await TokenActivationsAsync(silo.Grains);
        progress.WriteLine($"activating {tokens} token grains");
        var tokenChars = await ActivateAsync(silo, tokens);
        var lastExpiry = TimeProvider.System.GetUtcNow() + Ttl;
        var loaded = HeapAfterFullCollection();
        var activationsLoaded = await TokenActivationsAsync(silo.Grains);

        progress.WriteLine($"waiting for the tokens to expire ({Ttl.TotalSeconds:0} s after issuance) and their activations to leave");
        var activationsLeft = activationsLoaded;
        var deadline = lastExpiry + ExpiryBudget;
        while (activationsLeft > 0 && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            activationsLeft = await TokenActivationsAsync(silo.Grains);
        }

        var gone = TimeProvider.System.GetUtcNow() - lastExpiry;
        var expired = HeapAfterFullCollection();
        return new MemoryReport(
            BenchEnvironment.Current(), "memory", tokens, activationsLoaded - activationsBefore, activationsLeft,
            Math.Round(tokenChars / (double)tokens, 1), baseline, loaded, expired, Math.Round(Math.Max(0, gone.TotalSeconds), 0));
    }

    /// <summary>Mints and records <paramref name="count"/> tokens; returns the total length of the token strings, which nobody keeps.</summary>
    private static async Task<long> ActivateAsync(GrainFixture silo, int count)
    {
        long chars = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Parallelism).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var issued = await silo.Issuer.MintAccessTokenAsync(new AccessTokenMint(
                    IssuanceFixture.Issuer, IssuanceFixture.AgentIdText, IssuanceFixture.AgentIdText, IssuanceFixture.Audience, ["bench:read"], Ttl, [], null));
                Interlocked.Add(ref chars, issued.Token.Length);
                await silo.Grains.GetGrain<ITokenGrain>(GrainKeys.Token(issued.Jti)).GetAsync(new TokenRecord(
                    issued.Jti, IssuanceFixture.AgentIdText, IssuanceFixture.AgentIdText, issued.Audience, issued.Scope,
                    issued.IssuedAt, issued.ExpiresAt, TokenState.Active, null));
            }
        }));
        return chars;
    }

    private static async Task<long> TokenActivationsAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        // Grain types read "<full type name>,<assembly>".
        var tokenGrain = typeof(TokenGrain).FullName + ",";
        return statistics.Where(s => s.GrainType.StartsWith(tokenGrain, StringComparison.Ordinal)).Sum(s => (long)s.ActivationCount);
    }

    private static long HeapAfterFullCollection()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
