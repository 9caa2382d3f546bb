namespace Aims.Core.OAuth.Registration;

/// <summary>
/// What the operator allows dynamic client registration (RFC 7591) to register. Agents always may register under
/// their SPIFFE ID; anonymous clients only when <see cref="AnonymousRegistrationEnabled"/>. The fixed bounds keep
/// what an anonymous caller can make this server parse and store small.
/// </summary>
public sealed record ClientRegistrationLimits
{
    /// <summary>A registration document is a few hundred bytes; 16 KiB leaves room for five JWKs and long URIs.</summary>
    public const int MaxDocumentBytes = 16 * 1024;

    /// <summary>The name is shown on the consent page; longer ones only serve to crowd out what the user must read.</summary>
    public const int MaxClientNameLength = 100;

    public const int MaxRedirectUriLength = 1024;

    public const int MaxJwksKeys = 5;

    public const int MaxKidLength = 128;

    /// <summary>Whether a client without an agent SVID may register (it gets a generated client_id).</summary>
    public bool AnonymousRegistrationEnabled { get; init; } = true;

    public int MaxRedirectUris { get; init; } = 5;

    /// <summary>The scopes a registered (non-agent) client may ever ask for; empty means none. Agents' scopes come from their policy.</summary>
    public ScopeSet ScopeCeiling { get; init; } = ScopeSet.Empty;

    /// <summary>Resources/audiences a registered client's tokens may name: exact values or prefixes ending in "*".</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];
}
