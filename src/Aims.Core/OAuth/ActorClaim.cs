using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// The <c>act</c> claim of delegation (RFC 8693 §4.1): <c>{"act":{"sub":current,"act":{"sub":prior}}}</c>. The
/// outermost <c>act</c> is the current actor; nested ones are prior actors and are informational only.
/// </summary>
internal static class ActorClaim
{
    /// <summary>Writes <paramref name="actors"/> (current first) as nested <c>act</c> objects; nothing when empty.</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<string> actors)
    {
        for (var i = 0; i < actors.Count; i++)
        {
            json.WriteStartObject(OAuthConstants.Claims.Actor);
            json.WriteString(JwtClaimNames.Subject, actors[i]);
        }

        for (var i = 0; i < actors.Count; i++)
            json.WriteEndObject();
    }

    /// <summary>
    /// Reads the chain, current actor first: every level a JSON object with a non-empty string <c>sub</c>, at most
    /// <see cref="OAuthConstants.Limits.MaxActorDepth"/> levels. Other members of a level (e.g. <c>iss</c>) are ignored.
    /// </summary>
    public static bool TryRead(JsonElement payload, [NotNullWhen(true)] out IReadOnlyList<string>? actors, [NotNullWhen(false)] out string? error)
    {
        actors = null;
        if (!payload.TryGetProperty(OAuthConstants.Claims.Actor, out var act))
        {
            actors = [];
            error = null;
            return true;
        }

        var chain = new List<string>(2);
        while (true)
        {
            if (act.ValueKind != JsonValueKind.Object)
            {
                error = "the 'act' claim must be a JSON object (RFC 8693 §4.1)";
                return false;
            }

            if (chain.Count == OAuthConstants.Limits.MaxActorDepth)
            {
                error = $"the 'act' chain is deeper than {OAuthConstants.Limits.MaxActorDepth} actors";
                return false;
            }

            if (!act.TryGetProperty(JwtClaimNames.Subject, out var sub) || sub.ValueKind != JsonValueKind.String
                || sub.GetString() is not { Length: > 0 } subject)
            {
                error = "every 'act' level needs a non-empty string 'sub' naming the actor (RFC 8693 §4.1)";
                return false;
            }

            chain.Add(subject);
            if (!act.TryGetProperty(OAuthConstants.Claims.Actor, out act))
                break;
        }

        actors = chain;
        error = null;
        return true;
    }
}
