using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// What JWT authorization grant validation has established so far. The JOSE part is the
/// <see cref="JwtValidationContext"/> the SVID validators use, so their parsing and lifetime steps run unchanged;
/// the key is a JWK of the trusted issuer rather than a bundle key.
/// </summary>
internal sealed class JwtAuthorizationGrantValidationContext(JwtValidationContext jwt, JwtAuthorizationGrantContext options)
{
    public JwtValidationContext Jwt { get; } = jwt;

    public JwtAuthorizationGrantContext Options { get; } = options;

    public JsonWebKey? Key { get; set; }

    public SpiffeId? Subject { get; set; }

    public ScopeSet? Scope { get; set; }

    public bool Reject(string error, string detail) => Jwt.Reject(error, detail);
}
