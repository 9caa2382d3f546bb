using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.Wimse;

/// <summary>What the steps of a WPT validation have established so far, or why they stopped.</summary>
internal sealed class WptValidationContext(string proof, WitBinding wit, WptValidationParameters parameters)
{
    private ParsedJws? _jws;

    public string Proof { get; } = proof;

    public WitBinding Wit { get; } = wit;

    public WptValidationParameters Parameters { get; } = parameters;

    public ParsedJws Jws
    {
        get => _jws ?? throw new InvalidOperationException("The proof has not been parsed yet.");
        set => _jws = value;
    }

    public string Audience { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }

    public string Jti { get; set; } = string.Empty;

    public IReadOnlyList<string> OtherTokenHeaders { get; set; } = [];

    public string? Error { get; private set; }

    public string? Detail { get; private set; }

    public bool Reject(string error, string detail)
    {
        Error = error;
        Detail = detail;
        return false;
    }

    public CredentialValidationResult<WorkloadProof> Run(ReadOnlySpan<WptValidationStep> steps)
    {
        foreach (var step in steps)
        {
            if (!step(this))
                return CredentialValidationResult<WorkloadProof>.Failure(Error!, Detail!);
        }

        return CredentialValidationResult<WorkloadProof>.Success(new WorkloadProof(Wit.Subject, Jti, Audience, ExpiresAt,
            Parameters.Tokens.AccessToken is not null, Parameters.Tokens.TxnToken is not null, OtherTokenHeaders));
    }

    /// <summary>A string claim; a missing required claim or a value of another type rejects the proof.</summary>
    public bool TryGetString(string name, bool required, out string? value)
    {
        value = null;
        if (!Jws.Payload.TryGetProperty(name, out var element))
            return !required || Reject(CredentialErrors.MissingClaim, $"the '{name}' claim is required in a WPT (draft-ietf-wimse-wpt §2)");
        if (element.ValueKind != JsonValueKind.String)
            return Reject(CredentialErrors.Malformed, $"the '{name}' claim must be a JSON string");

        value = element.GetString();
        return true;
    }

    /// <summary>Checks an optional token-hash claim against the request's token (<c>ath</c>, <c>tth</c>).</summary>
    public bool CheckTokenHash(string claim, string? token, string what, string rule)
    {
        if (!TryGetString(claim, required: false, out var hash))
            return false;
        if (token is null)
        {
            return hash is null || Reject(CredentialErrors.HashMismatch,
                $"the WPT carries '{claim}' but the request has no {what}; send the {what} the proof was made for, or a proof without '{claim}'");
        }

        if (hash is null)
        {
            return Reject(CredentialErrors.MissingClaim,
                $"the request carries {what}, so the WPT must bind it with '{claim}' = base64url(SHA-256(token)) ({rule})");
        }

        return TokenHash.Matches(hash, token)
               || Reject(CredentialErrors.HashMismatch, $"'{claim}' is not the hash of the {what} this request carries ({rule}); the proof was made for another token");
    }
}
