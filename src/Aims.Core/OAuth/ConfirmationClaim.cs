using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>The <c>cnf</c> claim of a certificate-bound access token: <c>{"cnf":{"x5t#S256":…}}</c> (RFC 8705 §3.1, RFC 7800 §3.1).</summary>
internal static class ConfirmationClaim
{
    public static void Write(Utf8JsonWriter json, string x5tS256)
    {
        json.WriteStartObject(JwtClaimNames.Confirmation);
        json.WriteString(OAuthConstants.Claims.X509CertificateSha256Thumbprint, x5tS256);
        json.WriteEndObject();
    }

    /// <summary>
    /// Null <paramref name="x5tS256"/> when there is no <c>cnf</c>. A <c>cnf</c> with any other confirmation method
    /// (<c>jkt</c>, <c>jwk</c>, …) is refused: a validator that ignored it would accept a bound token as a bearer token.
    /// </summary>
    public static bool TryRead(JsonElement payload, out string? x5tS256, out string? error, out string? detail)
    {
        x5tS256 = null;
        error = detail = null;
        if (!payload.TryGetProperty(JwtClaimNames.Confirmation, out var cnf))
            return true;
        if (cnf.ValueKind != JsonValueKind.Object)
            return Fail(CredentialErrors.Malformed, "the 'cnf' claim must be a JSON object (RFC 7800 §3.1)", out error, out detail);

        foreach (var member in cnf.EnumerateObject())
        {
            if (member.Name != OAuthConstants.Claims.X509CertificateSha256Thumbprint)
            {
                return Fail(CredentialErrors.ForbiddenClaim,
                    $"'cnf' member '{member.Name}' binds the token in a way this validator cannot check; only x5t#S256 (RFC 8705 §3.1) is supported",
                    out error, out detail);
            }

            if (member.Value.ValueKind != JsonValueKind.String || !CertificateThumbprint.IsWellFormed(member.Value.GetString()))
            {
                return Fail(CredentialErrors.Malformed,
                    "'cnf.x5t#S256' must be the base64url SHA-256 thumbprint of a certificate, 43 characters (RFC 8705 §3.1)", out error, out detail);
            }

            x5tS256 = member.Value.GetString();
        }

        return x5tS256 is not null
            || Fail(CredentialErrors.Malformed, "the 'cnf' claim names no confirmation method (RFC 7800 §3.1)", out error, out detail);
    }

    private static bool Fail(string code, string text, out string? error, out string? detail)
    {
        error = code;
        detail = text;
        return false;
    }
}
