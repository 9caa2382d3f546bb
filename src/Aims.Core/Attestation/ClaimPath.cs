using System.Text.Json;

namespace Aims.Core.Attestation;

/// <summary>
/// Finds a claim by name or dotted path: the whole name as a top-level member first (<c>kubernetes.io</c>), then
/// member by member (<c>google.compute_engine.project_id</c>).
/// </summary>
internal static class ClaimPath
{
    public const int MaxLength = 256;

    public static bool TryFind(JsonElement claims, string path, out JsonElement value)
    {
        if (claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty(path, out value))
            return true;

        value = claims;
        foreach (var part in path.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value))
                return false;
        }

        return true;
    }

    /// <summary>True for a path of 1 to <see cref="MaxLength"/> characters whose parts are non-empty.</summary>
    public static bool IsValid(string? path) =>
        path is { Length: > 0 and <= MaxLength } && path.Split('.').All(p => p.Length > 0) && !path.Any(char.IsWhiteSpace);
}
