using Aims.Core.Credentials;

namespace Aims.Core.OAuth;

/// <summary>
/// What access token validation has established so far. The JOSE part (token, keys, time, rejection) is the
/// <see cref="JwtValidationContext"/> the SVID validators use, so their shared steps run unchanged.
/// </summary>
internal sealed class AccessTokenValidationContext(JwtValidationContext jwt, string expectedIssuer, string? expectedAudience)
{
    public JwtValidationContext Jwt { get; } = jwt;

    public string ExpectedIssuer { get; } = expectedIssuer;

    public string? ExpectedAudience { get; } = expectedAudience;

    public string Issuer { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    public ScopeSet Scope { get; set; } = ScopeSet.Empty;

    public IReadOnlyList<string> Actors { get; set; } = [];

    public string? MayAct { get; set; }

    public string? CnfX5tS256 { get; set; }

    public bool Reject(string error, string detail) => Jwt.Reject(error, detail);

    /// <summary>A claim that must be a non-empty JSON string.</summary>
    public bool TryGetRequiredString(string name, out string value)
    {
        value = string.Empty;
        if (!Jwt.TryGetString(name, required: true, out var text))
            return false;
        if (string.IsNullOrEmpty(text))
            return Reject(CredentialErrors.Malformed, $"the '{name}' claim must not be empty");

        value = text;
        return true;
    }
}
