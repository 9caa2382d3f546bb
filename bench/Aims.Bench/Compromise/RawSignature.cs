using System.Diagnostics;
using System.Security.Cryptography;

namespace Aims.Bench.Compromise;

/// <summary>
/// The yardstick of the compromise figures: the elapsed time of one raw ES256 signature (P-256, 256 bytes, SHA-256,
/// IEEE P1363 format), on one thread of this process, measured right before each run.
/// </summary>
internal static class RawSignature
{
    private const int MessageLength = 256;

    /// <summary>Milliseconds per signature, signing for <paramref name="duration"/> after a short warm-up.</summary>
    public static double MeasureMilliseconds(TimeSpan duration)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = RandomNumberGenerator.GetBytes(MessageLength);
        for (var i = 0; i < 200; i++)
            Sign(key, message);

        var clock = Stopwatch.StartNew();
        long done = 0;
        while (clock.Elapsed < duration)
        {
            Sign(key, message);
            done++;
        }

        return clock.Elapsed.TotalMilliseconds / done;
    }

    private static void Sign(ECDsa key, byte[] message) =>
        key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
