using System.Text.Json.Serialization;

namespace Aims.Bench.Compromise;

/// <summary>
/// What one run measured: the set-up (tokens issued, how long it took, token grains it added on each silo), the raw
/// signature cost right before the compromise, and the three elapsed times from just before
/// <c>POST /v1/agents/{id}/compromise</c>; then the checks made afterwards (sampled tokens still active, whether a
/// fresh client assertion of the compromised agent still got a token).
/// </summary>
internal sealed record CompromiseRun(
    [property: JsonPropertyName("run")] int Run,
    [property: JsonPropertyName("tokens")] int Tokens,
    [property: JsonPropertyName("issueSeconds")] double IssueSeconds,
    [property: JsonPropertyName("tokenGrainsAddedPerSilo")] IReadOnlyList<int> TokenGrainsAddedPerSilo,
    [property: JsonPropertyName("compromisedThroughSilo")] int CompromisedThroughSilo,
    [property: JsonPropertyName("signMs")] double SignMs,
    [property: JsonPropertyName("answeredMs")] double AnsweredMs,
    [property: JsonPropertyName("introspectionMs")] double IntrospectionMs,
    [property: JsonPropertyName("introspectionMsPerSilo")] IReadOnlyList<double> IntrospectionMsPerSilo,
    [property: JsonPropertyName("setMs")] double SetMs,
    [property: JsonPropertyName("introspectionPolls")] int IntrospectionPolls,
    [property: JsonPropertyName("stillActiveAfter")] int StillActiveAfter,
    [property: JsonPropertyName("newTokenAfter")] string NewTokenAfter);
