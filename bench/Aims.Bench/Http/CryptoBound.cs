using System.Diagnostics;
using System.Security.Cryptography;

namespace Aims.Bench.Http;

/// <summary>
/// The crypto a grant cannot avoid, at the load generator's parallelism: <c>C</c> threads each signing (or verifying)
/// ES256 over 256 bytes for a fixed time, with P-256 keys of their own, in this process.
/// </summary>
internal static class CryptoBound
{
    private const int MessageLength = 256;

    /// <summary>Raw ES256 signatures, then raw verifications, each for <paramref name="duration"/> on <paramref name="threads"/> threads.</summary>
    public static (PhaseSample Sign, PhaseSample Verify) Measure(int threads, TimeSpan duration) =>
        (Run(threads, duration, verify: false), Run(threads, duration, verify: true));

    private static PhaseSample Run(int threads, TimeSpan duration, bool verify)
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
                if (verify)
                {
                    if (!publicKey.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                        throw new InvalidOperationException("a valid ES256 signature did not verify");
                }
                else
                {
                    key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
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
        return new PhaseSample(counts.Sum(), 0, wall.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds, 0);
    }
}
