using System.Diagnostics;
using System.Security.Cryptography;

namespace Aims.Bench.Workload;

/// <summary>
/// The crypto an SVID cannot avoid, measured in this process at the callers' parallelism: ES256 signatures and
/// verifications over 256 bytes, and P-256 key generations (what the node agent does for every X509-SVID it asks for),
/// each on <c>C</c> threads with keys of their own for a fixed time.
/// </summary>
internal static class RawCrypto
{
    private const int MessageLength = 256;

    public static RawCryptoSample Measure(int threads, TimeSpan each) => new(
        Run(threads, each, Operation.Sign), Run(threads, each, Operation.Verify), Run(threads, each, Operation.KeyGeneration));

    private enum Operation
    {
        Sign,
        Verify,
        KeyGeneration,
    }

    private static WorkloadSample Run(int threads, TimeSpan duration, Operation operation)
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
                    case Operation.Sign:
                        key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                        break;
                    case Operation.Verify when !publicKey.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation):
                        throw new InvalidOperationException("a valid ES256 signature did not verify");
                    case Operation.KeyGeneration:
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
        var seconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        return new WorkloadSample(counts.Sum(), 0, wall.Elapsed.TotalSeconds, seconds, 0, 0);
    }
}

/// <summary>One round's raw crypto: per CPU second of this process and per elapsed second.</summary>
internal sealed record RawCryptoSample(WorkloadSample Sign, WorkloadSample Verify, WorkloadSample KeyGeneration)
{
    /// <summary>
    /// SVIDs per second if only their crypto cost anything: <paramref name="keys"/> key generations,
    /// <paramref name="signs"/> signatures and <paramref name="verifies"/> verifications each.
    /// </summary>
    public double Bound(int keys, int signs, int verifies, bool cpu)
    {
        double Seconds(WorkloadSample s) => 1 / (cpu ? s.PerCpuSecond : s.PerWallSecond);
        var seconds = (keys * Seconds(KeyGeneration)) + (signs * Seconds(Sign)) + (verifies * Seconds(Verify));
        return 1 / seconds;
    }
}
