using System.Text.Json;

namespace Aims.Core.Jose;

/// <summary>
/// JWK members that hold private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2 for OKP):
/// a key anyone publishes, registers or confirms must have none of them.
/// </summary>
public static class JwkPrivateMembers
{
    public static readonly IReadOnlyList<string> Names = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <summary>The first private member of a JWK read as JSON, or null when it is a public key.</summary>
    public static string? FirstIn(JsonElement jwk)
    {
        foreach (var member in Names)
        {
            if (jwk.TryGetProperty(member, out _))
                return member;
        }

        return null;
    }

    /// <summary>The first private member among a <see cref="JsonWebKey"/>'s extra members, or null.</summary>
    public static string? FirstIn(JsonWebKey jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        return jwk.Extra is { } extra ? Names.FirstOrDefault(extra.ContainsKey) : null;
    }
}
