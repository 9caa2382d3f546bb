using System.Text.Json.Serialization;

namespace Aims.Bench;

/// <summary>Medians of one operation on the report's clock; min and max show how noisy the rounds were.</summary>
internal sealed record OperationResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("opsPerSecond")] double OpsPerSecond,
    [property: JsonPropertyName("microsecondsPerOp")] double MicrosecondsPerOp,
    [property: JsonPropertyName("minOpsPerSecond")] double MinOpsPerSecond,
    [property: JsonPropertyName("maxOpsPerSecond")] double MaxOpsPerSecond,
    [property: JsonPropertyName("wallOpsPerSecond")] double WallOpsPerSecond,
    [property: JsonPropertyName("bytesPerOp")] double BytesPerOp);
