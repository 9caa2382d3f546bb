using System.Text.Json.Serialization;

namespace Aims.Bench;

/// <summary>The median over rounds of (op ops/s ÷ bound ops/s), each ratio taken within one round.</summary>
internal sealed record ComparisonResult(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("bound")] string Bound,
    [property: JsonPropertyName("boundOpsPerSecond")] double BoundOpsPerSecond,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("minRatio")] double MinRatio,
    [property: JsonPropertyName("maxRatio")] double MaxRatio,
    [property: JsonPropertyName("target")] double? Target,
    [property: JsonPropertyName("verdict")] string Verdict);
