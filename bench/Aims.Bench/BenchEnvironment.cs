using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Aims.Bench;

/// <summary>What the figures were measured on.</summary>
internal sealed record BenchEnvironment(
    [property: JsonPropertyName("framework")] string Framework,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("processorCount")] int ProcessorCount,
    [property: JsonPropertyName("openssl")] string OpenSsl)
{
    public static BenchEnvironment Current() => new(
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        System.Environment.ProcessorCount,
        CryptoLibrary());

    private static string CryptoLibrary()
    {
        if (!OperatingSystem.IsLinux())
            return "platform crypto";

        // OPENSSL_VERSION_NUMBER: 0xMNN00PP0 since OpenSSL 3.0.
        var v = SafeEvpPKeyHandle.OpenSslVersion;
        return $"OpenSSL {v >> 28}.{(v >> 20) & 0xFF}.{(v >> 4) & 0xFF}";
    }
}
