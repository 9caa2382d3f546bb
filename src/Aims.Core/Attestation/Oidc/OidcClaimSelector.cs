namespace Aims.Core.Attestation.Oidc;

/// <summary>One claim of an identity token that becomes a selector: the value at <paramref name="ClaimPath"/> as <c>oidc:&lt;Name&gt;:&lt;value&gt;</c>.</summary>
public sealed record OidcClaimSelector(string ClaimPath, string Name);
