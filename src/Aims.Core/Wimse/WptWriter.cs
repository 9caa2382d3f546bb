using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.Core.Wimse;

/// <summary>
/// Writes Workload Proof Tokens (draft-ietf-wimse-wpt §2) for a workload's outgoing request: header
/// <c>{"alg","typ":"wpt+jwt"}</c>, claims <c>aud</c> (the target URI without query or fragment), <c>exp</c>, a fresh
/// 128-bit <c>jti</c>, <c>wth</c>, and <c>ath</c>/<c>tth</c>/<c>oth</c> for the tokens the request also carries.
/// One proof per request: recipients remember the <c>jti</c>.
/// </summary>
public static class WptWriter
{
    /// <summary>A minute: long enough for clock skew and a slow hop, short as the draft asks ("minutes or seconds").</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(1);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="audience">The target URI; a query or fragment is cut off (draft-ietf-wimse-wpt §2 <c>aud</c>).</param>
    /// <param name="jti">Only for tests that need a known id; otherwise 128 random bits.</param>
    public static string Write(WptSigner signer, string wit, string audience, DateTimeOffset now, TimeSpan? lifetime = null,
        RequestTokens? tokens = null, string? jti = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentException.ThrowIfNullOrEmpty(wit);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        var life = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(life, TimeSpan.Zero, nameof(lifetime));
        tokens ??= RequestTokens.None;

        var cut = audience.IndexOfAny(['?', '#']);
        var payload = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(payload, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString(JwtClaimNames.Audience, cut < 0 ? audience : audience[..cut]);
            json.WriteNumber(JwtClaimNames.ExpiresAt, (now + life).ToUnixTimeSeconds());
            json.WriteString(JwtClaimNames.JwtId, jti ?? Base64Url.Encode(RandomNumberGenerator.GetBytes(16)));
            json.WriteString(WptClaimNames.WitHash, TokenHash.Of(wit));
            if (tokens.AccessToken is { } accessToken)
                json.WriteString(WptClaimNames.AccessTokenHash, TokenHash.Of(accessToken));
            if (tokens.TxnToken is { } txnToken)
                json.WriteString(WptClaimNames.TxnTokenHash, TokenHash.Of(txnToken));
            if (tokens.OtherTokens is { Count: > 0 } others)
            {
                json.WriteStartObject(WptClaimNames.OtherTokenHashes);
                foreach (var (name, value) in others)
                    json.WriteString(name.ToLowerInvariant(), TokenHash.Of(value.Trim(' ')));
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var header = $"{{\"alg\":\"{signer.Algorithm}\",\"typ\":\"{JwtTypes.Wpt}\"}}";
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.Encode(payload.WrittenSpan);
        var signature = signer.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.Encode(signature);
    }
}
