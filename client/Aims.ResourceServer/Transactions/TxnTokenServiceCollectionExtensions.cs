using Aims.ResourceServer.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Transactions;

/// <summary>
/// Wiring of a workload that takes part in the fabric's transactions:
/// <code>
/// services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme)
///     .AddAimsAccessTokens(o => { o.Issuer = "https://aims.example.com"; o.Resource = "https://ledger.example.com"; })
///     .AddAimsTxnTokens(o => { o.TrustDomain = "aims.local"; o.ClientAssertion = ct => File.ReadAllTextAsync("/run/spiffe/token-endpoint.jwt", ct); });
/// …
/// app.MapGet("/entries", …).RequireTransactionScope("read:reports");
/// </code>
/// </summary>
public static class TxnTokenServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="AimsTxnTokenDefaults.AuthenticationScheme"/> scheme, which reads the <c>Txn-Token</c> header, and
    /// <see cref="FabricTransactionTokens"/>, the client of the fabric's token service. Call after
    /// <see cref="ResourceServerServiceCollectionExtensions.AddAimsAccessTokens"/>: it shares its issuer, keys and
    /// revocation cache (so the SSF signals that revoke an agent's access tokens end its transactions here too).
    /// </summary>
    public static AuthenticationBuilder AddAimsTxnTokens(this AuthenticationBuilder builder, Action<AimsTxnTokenOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(Keys.FabricJwks)))
            throw new InvalidOperationException("Call AddAimsAccessTokens before AddAimsTxnTokens: transaction tokens are validated with the same fabric keys.");

        services.AddOptions<AimsTxnTokenOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AimsTxnTokenOptions>, AimsTxnTokenOptionsValidator>());
        services.TryAddSingleton<FabricTransactionTokens>();
        return builder.AddScheme<AuthenticationSchemeOptions, AimsTxnTokenHandler>(AimsTxnTokenDefaults.AuthenticationScheme, null);
    }
}
