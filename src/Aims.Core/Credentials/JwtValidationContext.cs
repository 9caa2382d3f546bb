using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>What the steps of a JWT-SVID or WIT validation have established so far, or why they stopped.</summary>
internal sealed class JwtValidationContext(string token, JwtBundle bundle, DateTimeOffset now, TimeSpan clockSkew)
{
    private ParsedJws? _jws;
    private ECDsa? _key;
    private SpiffeId? _subject;

    public string Token { get; } = token;

    public JwtBundle Bundle { get; } = bundle;

    public DateTimeOffset Now { get; } = now;

    public TimeSpan ClockSkew { get; } = clockSkew;

    public IReadOnlyCollection<string>? ExpectedAudience { get; init; }

    /// <summary>True once the token was parsed, by <see cref="JwtValidationSteps.ParseToken"/> or by a caller that had to read its header first.</summary>
    public bool IsParsed => _jws is not null;

    public ParsedJws Jws
    {
        get => _jws ?? throw new InvalidOperationException("The token has not been parsed yet.");
        set => _jws = value;
    }

    public ECDsa Key
    {
        get => _key ?? throw new InvalidOperationException("The key has not been resolved yet.");
        set => _key = value;
    }

    public SpiffeId Subject
    {
        get => _subject ?? throw new InvalidOperationException("The subject has not been validated yet.");
        set => _subject = value;
    }

    public IReadOnlyList<string> Audience { get; set; } = [];

    public JsonWebKey? Confirmation { get; set; }

    /// <summary>A WIMSE WIT's <c>sub</c> when it is not held as a <see cref="SpiffeId"/> (Wimse.WimseWitValidator).</summary>
    public string? WorkloadIdentifier { get; set; }

    /// <summary>A WIMSE WIT's confirmation key, imported (Wimse.WimseWitValidator).</summary>
    public Wimse.ProofKey? ProofKey { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    public string Jti { get; set; } = string.Empty;

    public string? Error { get; private set; }

    public string? Detail { get; private set; }

    public bool Reject(string error, string detail)
    {
        Error = error;
        Detail = detail;
        return false;
    }

    public CredentialValidationResult<T> Run<T>(ReadOnlySpan<JwtValidationStep> steps, Func<JwtValidationContext, T> result)
        where T : class
    {
        foreach (var step in steps)
        {
            if (!step(this))
                return CredentialValidationResult<T>.Failure(Error!, Detail!);
        }

        return CredentialValidationResult<T>.Success(result(this));
    }

    /// <summary>Reads a string claim; a missing required claim or a non-string value rejects the token.</summary>
    public bool TryGetString(string name, bool required, out string? value)
    {
        value = null;
        if (!Jws.Payload.TryGetProperty(name, out var element))
            return !required || Reject(CredentialErrors.MissingClaim, $"the '{name}' claim is required");
        if (element.ValueKind != JsonValueKind.String)
            return Reject(CredentialErrors.Malformed, $"the '{name}' claim must be a JSON string");

        value = element.GetString();
        return true;
    }

    /// <summary>Reads a NumericDate (RFC 7519 §2): a JSON number of seconds since the epoch, fractions allowed.</summary>
    public bool TryGetNumericDate(string name, bool required, out DateTimeOffset? value)
    {
        value = null;
        if (!Jws.Payload.TryGetProperty(name, out var element))
            return !required ? SetNull(out value) : Reject(CredentialErrors.MissingClaim, $"the '{name}' claim is required");
        if (element.ValueKind != JsonValueKind.Number)
            return Reject(CredentialErrors.Malformed, $"the '{name}' claim must be a JSON number of seconds (RFC 7519 §2 NumericDate)");

        var seconds = element.TryGetInt64(out var whole) ? whole : Math.Floor(element.GetDouble());
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return Reject(CredentialErrors.Malformed, $"the '{name}' claim is out of range");

        value = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        return true;
    }

    private static bool SetNull(out DateTimeOffset? value)
    {
        value = null;
        return true;
    }
}
