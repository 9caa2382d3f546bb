using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using static Aims.Core.Policy.PolicyJsonNames;

namespace Aims.Core.Policy;

public static partial class PolicyParser
{
    /// <summary>The optional <c>oauth.chaining</c> section; absent means the agent may obtain no grants for other domains.</summary>
    private static bool TryReadChaining(
        JsonElement oauth,
        string oauthPath,
        out ChainingRule? chaining,
        [NotNullWhen(false)] out string? error)
    {
        chaining = null;
        error = null;
        if (!oauth.TryGetProperty(PolicyJsonNames.Chaining, out var element))
            return true;

        var path = Join(oauthPath, PolicyJsonNames.Chaining);
        if (!TryCheckMembers(element, path, ChainingMembers, out error)
            || !TryReadStringList(element, path, Partners, [], ChainingRule.MaxPartners, ValidateAudience, out var partners, out error)
            || !TryReadStringList(element, path, Scopes, [PolicyDefaults.AnyScope], PolicyLimits.MaxOAuthScopes, ValidateScope, out var scopes, out error))
            return false;

        if (partners.Count == 0)
        {
            error = $"{Join(path, Partners)}: name at least one partner authorization server (its issuer identifier), or leave oauth.chaining out";
            return false;
        }

        chaining = new ChainingRule(partners, scopes);
        return true;
    }

    private static void WriteChaining(Utf8JsonWriter writer, ChainingRule chaining)
    {
        writer.WriteStartObject(PolicyJsonNames.Chaining);
        WriteStrings(writer, Partners, chaining.Partners);
        WriteStrings(writer, Scopes, chaining.Scopes);
        writer.WriteEndObject();
    }
}
