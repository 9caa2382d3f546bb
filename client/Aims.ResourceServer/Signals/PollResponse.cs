using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Aims.ResourceServer.Signals;

/// <summary>An RFC 8936 §2.5 poll response: the SETs by <c>jti</c>, and whether more are waiting.</summary>
internal sealed record PollResponse(IReadOnlyDictionary<string, string> Sets, bool MoreAvailable)
{
    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out PollResponse? response, [NotNullWhen(false)] out string? error)
    {
        response = null;
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("sets", out var sets) || sets.ValueKind != JsonValueKind.Object)
        {
            error = "the poll response has no \"sets\" object (RFC 8936 section 2.5)";
            return false;
        }

        var byJti = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in sets.EnumerateObject())
        {
            if (member.Value.ValueKind != JsonValueKind.String)
            {
                error = $"sets[\"{member.Name}\"] is not a string holding a SET (RFC 8936 section 2.5)";
                return false;
            }

            byJti[member.Name] = member.Value.GetString()!;
        }

        var more = json.TryGetProperty("moreAvailable", out var flag) && flag.ValueKind == JsonValueKind.True;
        response = new PollResponse(byJti, more);
        error = null;
        return true;
    }
}
