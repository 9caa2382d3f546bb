using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;

namespace Aims.Api.Bundles;

/// <summary>
/// One federated trust domain's bundle as the front end validates that domain's SVIDs against: its X.509 authorities
/// and its jwt-svid keys, never merged with this trust domain's or any other's (SPIFFE Federation §4.2).
/// </summary>
public sealed record FederatedTrust(TrustDomain TrustDomain, long Sequence, X509Bundle X509Bundle, JwtBundle JwtSvidKeys, DateTimeOffset LoadedAt)
{
    public static FederatedTrust From(SpiffeBundle bundle, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return new FederatedTrust(
            bundle.TrustDomain,
            bundle.Sequence,
            new X509Bundle(bundle.TrustDomain, bundle.X509Authorities),
            JwtBundle.FromJwks(bundle.TrustDomain, bundle.JwtAuthorities, SpiffeBundle.JwtSvidUse),
            now);
    }
}
