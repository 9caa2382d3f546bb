using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Transactions;

/// <summary>Refuses, at startup, a configuration that could never accept a transaction token.</summary>
internal sealed class AimsTxnTokenOptionsValidator : IValidateOptions<AimsTxnTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, AimsTxnTokenOptions options) =>
        Core.Identity.TrustDomain.TryParse(options.TrustDomain, out _, out var error)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"TrustDomain must be the fabric's trust domain name, e.g. aims.local (the aud of its transaction tokens): {error}");
}
