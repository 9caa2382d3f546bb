using System.Security.Claims;
using System.Text.Encodings.Web;
using Aims.Api.Bundles;
using Aims.Core.Credentials;
using Aims.Grains;
using Aims.Grains.Credentials;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Api.Security;

/// <summary>
/// Authenticates an agent by the X509-SVID it presented in the TLS handshake, checked by the same validator
/// relying parties use against the current trust bundle, and refused once its serial is revoked (the same record
/// OCSP answers from).
/// </summary>
public sealed class X509SvidAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BundleCache bundles,
    IGrainFactory grains,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var certificate = await Context.Connection.GetClientCertificateAsync(Context.RequestAborted);
        if (certificate is null)
            return AuthenticateResult.NoResult();

        var current = await bundles.GetAsync();
        var chain = current.CompleteChain(certificate);
        var result = X509SvidValidator.Validate(chain, current.X509Bundle, time.GetUtcNow());
        if (!result.IsValid)
            return AuthenticateResult.Fail($"the client certificate is not a valid X509-SVID of this trust domain: {result.Detail}");

        var serial = result.Value!.SerialNumberHex.ToLowerInvariant();
        if (await grains.GetGrain<ICredentialGrain>(GrainKeys.Credential(serial)).GetAsync() is { State: CredentialState.Revoked } revoked)
            return AuthenticateResult.Fail($"the client certificate (serial {serial}) was revoked at {revoked.RevokedAt:O}; attest again for a new X509-SVID");

        var id = result.Value.Id.ToString();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(AuthSchemes.SpiffeIdClaim, id), new Claim("amr", "x509-svid")], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Response.WriteAsJsonAsync(
            new { type = "about:blank", title = "Unauthorized", status = 401, detail = failure ?? "present your current X509-SVID as a TLS client certificate on the HTTPS port" },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
