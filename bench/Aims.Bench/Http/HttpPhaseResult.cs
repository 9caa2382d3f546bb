using System.Text.Json.Serialization;

namespace Aims.Bench.Http;

/// <summary>
/// One phase over all rounds (medians): operations per CPU second of whoever did the work, per elapsed second with its
/// spread, CPU seconds per elapsed second of the silo (or of this process for raw crypto) and of the load generator.
/// </summary>
internal sealed record HttpPhaseResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("perCpuSecond")] double PerCpuSecond,
    [property: JsonPropertyName("perSecond")] double PerSecond,
    [property: JsonPropertyName("minPerSecond")] double MinPerSecond,
    [property: JsonPropertyName("maxPerSecond")] double MaxPerSecond,
    [property: JsonPropertyName("cpuPerWall")] double CpuPerWall,
    [property: JsonPropertyName("generatorCpuPerWall")] double GeneratorCpuPerWall,
    [property: JsonPropertyName("failures")] long Failures);
