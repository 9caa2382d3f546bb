using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.ResourceServer.Keys;

/// <summary>
/// Reads a JWK Set of the fabric (RFC 7517 §5): its authorization server keys, or its SPIFFE bundle, into the key set
/// the validators take.
/// </summary>
internal static class JwksDocument
{
    /// <summary>
    /// The authorization server's keys are not SPIFFE authorities; <see cref="JwtBundle"/> only needs a label, and no
    /// access token or SET check reads it.
    /// </summary>
    public static readonly TrustDomain AuthorizationServerLabel = TrustDomain.Parse("authorization-server.invalid");

    /// <summary>
    /// Keeps the EC keys whose <c>use</c> is <paramref name="use"/> (<c>sig</c> for the authorization server, whose keys
    /// are all marked so; <c>wit-svid</c> in a SPIFFE bundle); a kept key without <c>kid</c>, a repeated <c>kid</c> or a
    /// malformed key makes the document unusable, and so does a set with no usable key at all.
    /// </summary>
    public static bool TryRead(byte[] json, TrustDomain label, string use, [NotNullWhen(true)] out JwtBundle? keys, [NotNullWhen(false)] out string? error)
    {
        keys = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                error = "the answer is not a JWK Set: a JSON object with a \"keys\" array (RFC 7517 section 5)";
                return false;
            }

            var jwks = new List<JsonWebKey>();
            foreach (var element in array.EnumerateArray())
            {
                if (JsonWebKey.Parse(element.GetRawText()) is { } jwk)
                    jwks.Add(jwk);
            }

            keys = JwtBundle.FromJwks(label, jwks, use);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or CryptographicException)
        {
            error = $"the JWK Set is not usable: {e.Message}";
            return false;
        }

        if (keys.KeyIds.Count == 0)
        {
            keys = null;
            error = $"the JWK Set has no EC key with use \"{use}\"";
            return false;
        }

        error = null;
        return true;
    }
}
