using System.Diagnostics;
using System.Security.Cryptography;

namespace Aims.Bench;

/// <summary>A raw P-256 operation measured as the bound of a benchmark.</summary>
internal enum RawOperation
{
    Sign,
    Verify,
    KeyGeneration,
}

/// <summary>What one timed run of a raw operation did: the count, elapsed seconds and this process's CPU seconds.</summary>
internal readonly record struct RawRun(long Count, double WallSeconds, double CpuSeconds);

/// <summary>
/// The crypto a benchmarked path cannot avoid, at the load's parallelism: <c>C</c> threads, each with a P-256 key of
/// its own, doing one raw operation over 256 bytes (ES256 sign or verify, or a key generation) for a fixed time, in
/// this process.
/// </summary>
internal static class ParallelCrypto
{
    private const int MessageLength = 256;

    public static RawRun Run(int threads, TimeSpan duration, RawOperation operation)
    {
        var counts = new long[threads];
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var message = RandomNumberGenerator.GetBytes(MessageLength);
            var signature = key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            using var publicKey = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            long done = 0;
            while (clock.Elapsed < duration)
            {
                switch (operation)
                {
                    case RawOperation.Sign:
                        key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                        break;
                    case RawOperation.Verify when !publicKey.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation):
                        throw new InvalidOperationException("a valid ES256 signature did not verify");
                    case RawOperation.KeyGeneration:
                        // ECDsa.Create(curve) generates the key pair at once (EC_KEY_generate_key under OpenSSL).
                        using (ECDsa.Create(ECCurve.NamedCurves.nistP256))
                        {
                        }

                        break;
                }

                done++;
            }

            counts[t] = done;
        })).ToList();

        foreach (var worker in workers)
            worker.Start();
        start.SignalAndWait();
        var cpu = Environment.CpuUsage.TotalTime;
        var wall = Stopwatch.StartNew();
        foreach (var worker in workers)
            worker.Join();
        return new RawRun(counts.Sum(), wall.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }
}
