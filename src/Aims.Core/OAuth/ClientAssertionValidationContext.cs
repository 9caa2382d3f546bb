using Aims.Core.Credentials;
using Aims.Core.Identity;

namespace Aims.Core.OAuth;

/// <summary>
/// What client assertion validation has established so far. The JOSE part is the <see cref="JwtValidationContext"/>
/// the SVID validators use, so their parsing, signature and lifetime steps run unchanged.
/// </summary>
internal sealed class ClientAssertionValidationContext(JwtValidationContext jwt, ClientAssertionContext options)
{
    public JwtValidationContext Jwt { get; } = jwt;

    public ClientAssertionContext Options { get; } = options;

    /// <summary>The client the assertion authenticates: its <c>sub</c>.</summary>
    public string ClientId { get; set; } = string.Empty;

    public SpiffeId? SpiffeId { get; set; }

    public bool Reject(string error, string detail) => Jwt.Reject(error, detail);
}
