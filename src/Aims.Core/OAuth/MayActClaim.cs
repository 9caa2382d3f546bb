using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// The <c>may_act</c> claim (RFC 8693 §4.4): <c>{"may_act":{"sub":party}}</c>, a statement that the named party may
/// become the actor for the token's subject. Like <c>act</c> it is an object of identity claims; this server names
/// the party by <c>sub</c> and ignores other members.
/// </summary>
internal static class MayActClaim
{
    public static void Write(Utf8JsonWriter json, string party)
    {
        json.WriteStartObject(OAuthConstants.Claims.MayAct);
        json.WriteString(JwtClaimNames.Subject, party);
        json.WriteEndObject();
    }

    /// <summary>Null <paramref name="party"/> when there is no <c>may_act</c>; otherwise its non-empty <c>sub</c>.</summary>
    public static bool TryRead(JsonElement payload, out string? party, [NotNullWhen(false)] out string? error)
    {
        party = null;
        error = null;
        if (!payload.TryGetProperty(OAuthConstants.Claims.MayAct, out var mayAct))
            return true;

        if (mayAct.ValueKind != JsonValueKind.Object
            || !mayAct.TryGetProperty(JwtClaimNames.Subject, out var sub) || sub.ValueKind != JsonValueKind.String
            || sub.GetString() is not { Length: > 0 } subject)
        {
            error = "the 'may_act' claim must be a JSON object whose 'sub' names the party that may act (RFC 8693 §4.4)";
            return false;
        }

        party = subject;
        return true;
    }
}
