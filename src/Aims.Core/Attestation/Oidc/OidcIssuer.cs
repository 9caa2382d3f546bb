using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.Attestation.Oidc;

/// <summary>A configured issuer of workload identity tokens (cloud instance identity, CI) and which of its claims become selectors.</summary>
public sealed class OidcIssuer
{
    public const int MaxClaimSelectors = 32;

    private OidcIssuer(AttestationTokenIssuer token, IReadOnlyList<OidcClaimSelector> claims)
    {
        Token = token;
        Claims = claims;
    }

    public AttestationTokenIssuer Token { get; }

    public IReadOnlyList<OidcClaimSelector> Claims { get; }

    /// <summary>A preset's claims (<see cref="OidcClaimPresets"/>) plus the operator's own (claim path → selector name).</summary>
    public static bool TryCreate(AttestationTokenIssuer token, string? preset, IReadOnlyDictionary<string, string>? claims,
        [NotNullWhen(true)] out OidcIssuer? issuer, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(token);
        issuer = null;
        if (OidcClaimPresets.Get(preset) is not { } selected)
        {
            error = $"issuer '{token.Issuer}': Preset '{preset}' is not one of {string.Join(", ", OidcClaimPresets.Names)}";
            return false;
        }

        var all = new List<OidcClaimSelector>(selected);
        foreach (var (path, name) in claims ?? new Dictionary<string, string>())
        {
            if (!ClaimPath.IsValid(path))
            {
                error = $"issuer '{token.Issuer}': claim path '{path}' must be 1 to {ClaimPath.MaxLength} characters of dot-separated names";
                return false;
            }

            if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.'))
            {
                error = $"issuer '{token.Issuer}': selector name '{name}' for claim '{path}' must be 1 to 64 characters of a-z, 0-9, '_', '-', '.'";
                return false;
            }

            if (name is OidcSelectors.IssuerName or OidcSelectors.SubjectName)
            {
                error = $"issuer '{token.Issuer}': selector name '{name}' is reserved for the token's own iss and sub";
                return false;
            }

            all.RemoveAll(c => c.ClaimPath == path);
            all.Add(new OidcClaimSelector(path, name));
        }

        if (all.Count > MaxClaimSelectors)
        {
            error = $"issuer '{token.Issuer}': at most {MaxClaimSelectors} claims may become selectors";
            return false;
        }

        issuer = new OidcIssuer(token, all.AsReadOnly());
        error = null;
        return true;
    }
}
