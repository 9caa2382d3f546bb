using System.Buffers;

namespace Aims.ResourceServer;

/// <summary>
/// The named <see cref="HttpClient"/> this library uses for every call to the fabric (JWKS, SSF, token endpoint),
/// and bounded reads of what comes back. Configure it like any named client, e.g. to trust a private CA or, in a
/// test, to reach a silo in memory: <c>services.AddHttpClient(FabricHttp.ClientName).ConfigurePrimaryHttpMessageHandler(…)</c>.
/// </summary>
public static class FabricHttp
{
    public const string ClientName = "Aims.Fabric";

    /// <summary>Reads at most <paramref name="maxBytes"/>; a longer body is refused before it is buffered.</summary>
    /// <exception cref="InvalidDataException">The body is longer than <paramref name="maxBytes"/>.</exception>
    internal static async Task<byte[]> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
            throw new InvalidDataException($"the fabric answered {content.Headers.ContentLength} bytes; at most {maxBytes} are read");

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await ReadBoundedAsync(stream, maxBytes, cancellationToken)
            ?? throw new InvalidDataException($"the fabric answered more than {maxBytes} bytes");
    }

    /// <summary>The whole stream, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]?> ReadBoundedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes + 1, 16 * 1024));
        while (true)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(4096), cancellationToken);
            if (read == 0)
                return buffer.WrittenSpan.ToArray();
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
                return null;
        }
    }
}
