using System.Text.Json;

namespace Aims.Core.Attestation.Slsa;

/// <summary>
/// What this fabric reads from a SLSA provenance predicate: who built it and from what source.
/// v1 (slsa.dev/spec/v1.0/provenance): <c>runDetails.builder.id</c>; the source is
/// <c>buildDefinition.externalParameters.source</c> when the build type puts a URI there, else
/// <c>externalParameters.workflow.repository</c> (GitHub Actions build types), else the first
/// <c>resolvedDependencies[].uri</c>. v0.2: <c>builder.id</c>; the source is <c>invocation.configSource.uri</c>,
/// else the first <c>materials[].uri</c>.
/// </summary>
internal static class SlsaProvenance
{
    public static string? BuilderId(InTotoStatement statement) =>
        statement.PredicateType == SlsaConstants.ProvenanceV1
            ? Path(statement.Predicate, "runDetails", "builder", "id")
            : Path(statement.Predicate, "builder", "id");

    public static string? Source(InTotoStatement statement)
    {
        var predicate = statement.Predicate;
        return statement.PredicateType == SlsaConstants.ProvenanceV1
            ? Path(predicate, "buildDefinition", "externalParameters", "source")
              ?? Path(predicate, "buildDefinition", "externalParameters", "workflow", "repository")
              ?? FirstUri(predicate, "buildDefinition", "resolvedDependencies")
            : Path(predicate, "invocation", "configSource", "uri")
              ?? FirstUri(predicate, "materials");
    }

    private static string? Path(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                return null;
        }

        return element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 and <= 2048 } text ? text : null;
    }

    private static string? FirstUri(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                return null;
        }

        return element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0 ? Path(element[0], "uri") : null;
    }
}
