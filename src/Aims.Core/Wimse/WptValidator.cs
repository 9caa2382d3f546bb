using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.Wimse;

/// <summary>
/// Validates a Workload Proof Token for one HTTP request against the WIT it accompanies (draft-ietf-wimse-wpt §2,
/// "the recipient MUST ensure the following"; the rule numbers in refusals follow that list). The WIT itself must
/// already be valid (<see cref="WitValidator"/>). Checks, in order: a compact JWT; <c>alg</c> never none/HMAC and
/// string-equal to <c>cnf.jwk.alg</c>; <c>typ</c> <c>wpt+jwt</c>; the signature by the confirmation key; <c>aud</c> the
/// configured target URI; <c>exp</c> current and not too far; <c>wth</c>; <c>jti</c>; <c>ath</c>, <c>tth</c>,
/// <c>oth</c> for the tokens the request carries; and last, single use of <c>jti</c> per sender.
/// </summary>
public static class WptValidator
{
    /// <summary>Longest <c>jti</c> accepted: 128 random bits are 22 characters; this leaves room for other encodings.</summary>
    public const int MaxJtiLength = 256;

    private static readonly IReadOnlyDictionary<string, string> NoOtherTokens = new Dictionary<string, string>();

    private static readonly WptValidationStep[] Steps =
    [
        ParseProof,
        CheckAlgorithm,
        CheckType,
        VerifySignature,
        ValidateAudience,
        ValidateLifetime,
        ValidateWitHash,
        ReadJti,
        ValidateAccessTokenHash,
        ValidateTxnTokenHash,
        ValidateOtherTokenHashes,
        CheckReplay,
    ];

    public static CredentialValidationResult<WorkloadProof> Validate(string proof, WitBinding wit, WptValidationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(wit);
        ArgumentNullException.ThrowIfNull(parameters);
        return new WptValidationContext(proof, wit, parameters).Run(Steps);
    }

    /// <summary>Rule 2: a single well-formed JWT (JWS compact serialization).</summary>
    private static bool ParseProof(WptValidationContext context)
    {
        if (context.Proof.Length > CompactJws.DefaultMaxLength)
            return context.Reject(CredentialErrors.TooLarge, $"the WPT is larger than {CompactJws.DefaultMaxLength} bytes");
        if (!CompactJws.TryParse(context.Proof, CompactJws.DefaultMaxLength, out var jws, out var error))
            return context.Reject(CredentialErrors.Malformed, $"the WPT is not a well-formed JWT (draft-ietf-wimse-wpt §2, rule 2): {error}");

        context.Jws = jws;
        return true;
    }

    /// <summary>Rule 3: <c>alg</c> string-equals <c>cnf.jwk.alg</c>; none and HMAC are named as such first.</summary>
    private static bool CheckAlgorithm(WptValidationContext context)
    {
        var alg = context.Jws.Algorithm;
        if (ProofKey.DescribeRefusal(alg) is { } refusal)
            return context.Reject(CredentialErrors.UnsupportedAlgorithm, $"WPT header {refusal}");

        return alg == context.Wit.Key.Algorithm
               || context.Reject(CredentialErrors.UnsupportedAlgorithm,
                   $"WPT header alg '{alg}' does not match the WIT's cnf.jwk alg '{context.Wit.Key.Algorithm}' (draft-ietf-wimse-wpt §2, rule 3); " +
                   "sign the proof with the key the WIT confirms");
    }

    /// <summary>
    /// Rule 5: the media type <c>wpt+jwt</c>. RFC 7515 §4.1.9 makes <c>application/wpt+jwt</c> the same type, and
    /// media types are case-insensitive (RFC 2045 §5.1).
    /// </summary>
    private static bool CheckType(WptValidationContext context)
    {
        var typ = context.Jws.Type;
        var isWpt = typ is not null
                    && (typ.Equals(JwtTypes.Wpt, StringComparison.OrdinalIgnoreCase)
                        || typ.Equals("application/" + JwtTypes.Wpt, StringComparison.OrdinalIgnoreCase));
        return isWpt || context.Reject(CredentialErrors.WrongType,
            $"WPT header typ must be 'wpt+jwt' (draft-ietf-wimse-wpt §2, rule 5), got {(typ is null ? "none" : $"'{typ}'")}");
    }

    /// <summary>Rule 4: signed by the public key of the WIT's confirmation claim.</summary>
    private static bool VerifySignature(WptValidationContext context) =>
        context.Wit.Key.Verify(context.Jws, out var error)
        || context.Reject(CredentialErrors.BadSignature, $"{error} (draft-ietf-wimse-wpt §2, rule 4): the proof was not signed by the key the WIT binds");

    /// <summary>Rule 6: <c>aud</c> is this request's target URI (query and fragment ignored) or a configured alias.</summary>
    private static bool ValidateAudience(WptValidationContext context)
    {
        if (!context.Jws.Payload.TryGetProperty(JwtClaimNames.Audience, out var element))
            return context.Reject(CredentialErrors.MissingClaim, $"the 'aud' claim is required: the target URI {context.Parameters.Audience} (draft-ietf-wimse-wpt §2)");

        // RFC 7519 §4.1.3 allows an array; a proof is for one request, so one value.
        if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 1)
            element = element[0];
        if (element.ValueKind != JsonValueKind.String)
            return context.Reject(CredentialErrors.Malformed, "the 'aud' claim must be one string: the target URI of the request");

        var audience = element.GetString()!;
        var withoutQuery = audience.AsSpan();
        var cut = withoutQuery.IndexOfAny('?', '#');
        if (cut >= 0)
            withoutQuery = withoutQuery[..cut];

        var parameters = context.Parameters;
        if (!withoutQuery.SequenceEqual(parameters.Audience) && !parameters.AudienceAliases.Contains(withoutQuery.ToString(), StringComparer.Ordinal))
        {
            return context.Reject(CredentialErrors.WrongAudience,
                $"the WPT's aud '{audience}' is not this request's target URI '{parameters.Audience}' (draft-ietf-wimse-wpt §2, rule 6); " +
                "make a proof for the URI being called");
        }

        context.Audience = audience;
        return true;
    }

    /// <summary>Rule 7: <c>exp</c> present, not passed, and not unreasonably far in the future.</summary>
    private static bool ValidateLifetime(WptValidationContext context)
    {
        var parameters = context.Parameters;
        if (!context.Jws.Payload.TryGetProperty(JwtClaimNames.ExpiresAt, out var element))
            return context.Reject(CredentialErrors.MissingClaim, "the 'exp' claim is required: a WPT must be time limited (draft-ietf-wimse-wpt §2, rule 7)");
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var seconds) || double.IsNaN(seconds)
            || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return context.Reject(CredentialErrors.Malformed, "the 'exp' claim must be a NumericDate: a JSON number of seconds since 1970 (RFC 7519 §2)");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds));
        if (CredentialValidationWindow.HasExpired(expiresAt, parameters.Now, parameters.ClockSkew))
        {
            return context.Reject(CredentialErrors.Expired,
                $"the WPT expired at {expiresAt:O} (now {parameters.Now:O}, clock skew {parameters.ClockSkew.TotalSeconds:0} s; draft-ietf-wimse-wpt §2, rule 7); " +
                "make a fresh proof for each request");
        }

        if (expiresAt - parameters.Now > parameters.MaxLifetime + parameters.ClockSkew)
        {
            return context.Reject(CredentialErrors.LifetimeTooLong,
                $"the WPT expires at {expiresAt:O}, more than {parameters.MaxLifetime.TotalSeconds:0} s from now ({parameters.Now:O}); " +
                "WPT lifetimes must be short (draft-ietf-wimse-wpt §2, rule 7)");
        }

        context.ExpiresAt = expiresAt;
        return true;
    }

    /// <summary>Rule 8: <c>wth</c> is the hash of the WIT in the <c>Workload-Identity-Token</c> header.</summary>
    private static bool ValidateWitHash(WptValidationContext context)
    {
        if (!context.TryGetString(WptClaimNames.WitHash, required: true, out var wth))
            return false;

        return string.Equals(wth, context.Wit.TokenHash, StringComparison.Ordinal)
               || context.Reject(CredentialErrors.HashMismatch,
                   "'wth' is not the hash of the WIT in the Workload-Identity-Token header (draft-ietf-wimse-wpt §2, rule 8); " +
                   "the proof was made for another WIT");
    }

    /// <summary>Rule 9 needs a <c>jti</c>: 128 random bits, base64url, is what the draft suggests.</summary>
    private static bool ReadJti(WptValidationContext context)
    {
        if (!context.TryGetString(JwtClaimNames.JwtId, required: true, out var jti))
            return false;
        if (string.IsNullOrEmpty(jti) || jti.Length > MaxJtiLength)
            return context.Reject(CredentialErrors.Malformed, $"the 'jti' claim must be a non-empty string of at most {MaxJtiLength} characters, unique per proof");

        context.Jti = jti;
        return true;
    }

    /// <summary>Rule 10: with an access token, <c>ath</c> is its hash (RFC 9449 §4.1).</summary>
    private static bool ValidateAccessTokenHash(WptValidationContext context) =>
        context.CheckTokenHash(WptClaimNames.AccessTokenHash, context.Parameters.Tokens.AccessToken, "an access token", "draft-ietf-wimse-wpt §2, rule 10");

    /// <summary>Rule 11: with a Txn-Token, <c>tth</c> is its hash.</summary>
    private static bool ValidateTxnTokenHash(WptValidationContext context) =>
        context.CheckTokenHash(WptClaimNames.TxnTokenHash, context.Parameters.Tokens.TxnToken, "a Txn-Token", "draft-ietf-wimse-wpt §2, rule 11");

    /// <summary>
    /// Rules 12 and 13: every other token the request carries is bound in <c>oth</c>, and every <c>oth</c> entry is a
    /// header this recipient understands, present, with a matching hash of its trimmed value.
    /// </summary>
    private static bool ValidateOtherTokenHashes(WptValidationContext context)
    {
        var others = context.Parameters.Tokens.OtherTokens ?? NoOtherTokens;
        if (!context.Jws.Payload.TryGetProperty(WptClaimNames.OtherTokenHashes, out var oth))
        {
            return others.Count == 0 || context.Reject(CredentialErrors.MissingClaim,
                $"the request carries {string.Join(", ", others.Keys)}, so the WPT must bind it in 'oth' (draft-ietf-wimse-wpt §2, rule 12)");
        }

        if (oth.ValueKind != JsonValueKind.Object)
            return context.Reject(CredentialErrors.Malformed, "the 'oth' claim must be a JSON object of header name to token hash (draft-ietf-wimse-wpt §2)");

        var covered = new List<string>();
        foreach (var entry in oth.EnumerateObject())
        {
            var value = others.FirstOrDefault(o => string.Equals(o.Key, entry.Name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null || entry.Name.Any(char.IsAsciiLetterUpper))
            {
                return context.Reject(CredentialErrors.Malformed,
                    $"'oth' names '{entry.Name}', which is not a lower-cased header of this request that this recipient understands; " +
                    "a WPT with an 'oth' entry that is not understood is rejected (draft-ietf-wimse-wpt §2, rule 13)");
            }

            if (entry.Value.ValueKind != JsonValueKind.String || !TokenHash.Matches(entry.Value.GetString(), value.Trim(' ')))
                return context.Reject(CredentialErrors.HashMismatch, $"'oth' entry '{entry.Name}' is not the hash of that header's value (draft-ietf-wimse-wpt §2, rule 13)");
            covered.Add(entry.Name);
        }

        var uncovered = others.Keys.Where(name => !covered.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (uncovered.Count > 0)
        {
            return context.Reject(CredentialErrors.MissingClaim,
                $"the request carries {string.Join(", ", uncovered)}, which 'oth' does not bind (draft-ietf-wimse-wpt §2, rule 12)");
        }

        context.OtherTokenHeaders = covered;
        return true;
    }

    /// <summary>Rule 9: the <c>jti</c> has not been used by this sender while the proof is valid. Last, so only valid proofs are remembered.</summary>
    private static bool CheckReplay(WptValidationContext context)
    {
        var parameters = context.Parameters;
        return parameters.ReplayCache.TryUse(context.Wit.Subject, context.Jti, context.ExpiresAt + parameters.ClockSkew, parameters.Now) switch
        {
            ReplayCheck.FirstUse => true,
            ReplayCheck.Replayed => context.Reject(CredentialErrors.Replayed,
                $"the WPT with jti '{context.Jti}' was already used (draft-ietf-wimse-wpt §2, rule 9); make a new proof, with a new jti, for every request"),
            _ => context.Reject(CredentialErrors.Replayed,
                "the replay cache is full and cannot record this proof's jti; retry shortly"),
        };
    }
}
