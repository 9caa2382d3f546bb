using System.Globalization;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.OAuth;

/// <summary>Hand-crafted JWT claims sets: a default set of raw JSON members, each replaceable or removable.</summary>
internal static class OAuthTestTokens
{
    public const string Issuer = "https://aims.example.org";
    public const string TokenEndpoint = "https://aims.example.org/oauth2/token";
    public const string Resource = "https://tools.example.org";
    public const string Agent = "spiffe://example.org/agents/data-analyst";

    public static string Seconds(long offset) => (JwtTestAuthority.NowSeconds + offset).ToString(CultureInfo.InvariantCulture);

    public static string Quote(string value) => $"\"{value}\"";

    /// <summary>
    /// A JSON object of <paramref name="defaults"/> with <paramref name="changes"/> applied in order: a member set
    /// to null is removed, any other value (raw JSON) replaces or appends.
    /// </summary>
    public static string Payload(IEnumerable<(string Name, string Json)> defaults, params (string Name, string? Json)[] changes)
    {
        var members = defaults.Select(d => (d.Name, (string?)d.Json)).ToList();
        foreach (var (name, json) in changes)
        {
            var index = members.FindIndex(m => m.Name == name);
            if (index >= 0)
                members[index] = (name, json);
            else
                members.Add((name, json));
        }

        return "{" + string.Join(',', members.Where(m => m.Item2 is not null).Select(m => $"\"{m.Name}\":{m.Item2}")) + "}";
    }
}
