using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aims.Bench.Memory;

/// <summary>
/// Managed heap (after a full compacting collection) with the warm-up tokens only, with the measured tokens live, and
/// after they expired; bytes per live token and its ratio to the token string itself.
/// </summary>
internal sealed record MemoryReport(
    [property: JsonPropertyName("environment")] BenchEnvironment Environment,
    [property: JsonPropertyName("suite")] string Suite,
    [property: JsonPropertyName("tokens")] int Tokens,
    [property: JsonPropertyName("activationsAdded")] long ActivationsAdded,
    [property: JsonPropertyName("activationsLeftAfterExpiry")] long ActivationsLeftAfterExpiry,
    [property: JsonPropertyName("tokenLength")] double TokenLength,
    [property: JsonPropertyName("heapBytesBefore")] long HeapBytesBefore,
    [property: JsonPropertyName("heapBytesLive")] long HeapBytesLive,
    [property: JsonPropertyName("heapBytesAfterExpiry")] long HeapBytesAfterExpiry,
    [property: JsonPropertyName("secondsAfterExpiryUntilGone")] double SecondsAfterExpiryUntilGone)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    [JsonPropertyName("bytesPerLiveToken")]
    public double BytesPerLiveToken => Math.Round((HeapBytesLive - HeapBytesBefore) / (double)Tokens, 0);

    /// <summary>The token as a .NET string: 8-byte header, method table, length, UTF-16 characters and terminator, 8-aligned.</summary>
    [JsonPropertyName("tokenStringBytes")]
    public double TokenStringBytes => Math.Ceiling((22 + (2 * TokenLength)) / 8) * 8;

    [JsonPropertyName("ratioToTokenString")]
    public double RatioToTokenString => Math.Round(BytesPerLiveToken / TokenStringBytes, 2);

    /// <summary>The same against the token's length on the wire (ASCII, one byte per character).</summary>
    [JsonPropertyName("ratioToTokenWireLength")]
    public double RatioToTokenWireLength => Math.Round(BytesPerLiveToken / TokenLength, 2);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void WriteTable(TextWriter output)
    {
        output.WriteLine($"Aims.Bench memory: {N(Tokens)} token grains in an in-process silo (memory storage), tokens minted by the issuer grain");
        output.WriteLine($"{Environment.Framework}, {Environment.Os}, {Environment.ProcessorCount} cores");
        output.WriteLine();
        output.WriteLine($"managed heap before          {N(HeapBytesBefore),14} B");
        output.WriteLine($"managed heap, tokens live    {N(HeapBytesLive),14} B   (+{N(ActivationsAdded)} token activations)");
        output.WriteLine($"managed heap, after expiry   {N(HeapBytesAfterExpiry),14} B   ({N(ActivationsLeftAfterExpiry)} token activations left, " +
            $"{SecondsAfterExpiryUntilGone:0} s after the last expiry)");
        output.WriteLine();
        output.WriteLine($"bytes per live token         {N(BytesPerLiveToken),14}");
        output.WriteLine($"token length                 {TokenLength,14:0.0} characters (= bytes on the wire)");
        output.WriteLine($"token as a .NET string       {N(TokenStringBytes),14} B");
        output.WriteLine($"ratio to the token string    {RatioToTokenString,14:0.00}   (to its wire length: {RatioToTokenWireLength:0.00})");
    }

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
