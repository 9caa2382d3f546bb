using Aims.Core.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Keys;

/// <summary>The fabric's signing keys (<c>{issuer}/oauth2/jwks</c>), which sign its access tokens and SETs.</summary>
public sealed class FabricJwks(
    IHttpClientFactory httpClients, IOptions<AimsResourceServerOptions> options, TimeProvider time, ILogger<FabricJwks> logger)
    : FabricKeySource(httpClients, options, time, logger)
{
    protected override string Uri => Settings.EffectiveJwksUri;

    protected override string What => "signing keys";

    protected override bool TryRead(byte[] document, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JwtBundle? keys,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) =>
        JwksDocument.TryRead(document, JwksDocument.AuthorizationServerLabel, "sig", out keys, out error);
}
