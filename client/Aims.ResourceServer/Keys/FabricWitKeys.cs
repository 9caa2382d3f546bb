using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Keys;

/// <summary>
/// The fabric's WIT authorities: the <c>wit-svid</c> keys of its SPIFFE bundle (<c>{issuer}/spiffe/bundle</c>, WIT-SVID §6),
/// for the trust domain <see cref="AimsResourceServerOptions.TrustDomain"/>. They are kept apart from the access-token
/// keys: a key of one use never validates the other (WIT-SVID §6.2).
/// </summary>
public sealed class FabricWitKeys(
    IHttpClientFactory httpClients, IOptions<AimsResourceServerOptions> options, TimeProvider time, ILogger<FabricWitKeys> logger)
    : FabricKeySource(httpClients, options, time, logger)
{
    protected override string Uri => Settings.EffectiveSpiffeBundleUri;

    protected override string What => "WIT keys";

    protected override bool TryRead(byte[] document, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JwtBundle? keys,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        if (!TrustDomain.TryParse(Settings.TrustDomain, out var trustDomain))
        {
            keys = null;
            error = "TrustDomain is not configured, so no WIT can be validated";
            return false;
        }

        return JwksDocument.TryRead(document, trustDomain, SpiffeBundle.WitSvidUse, out keys, out error);
    }
}
