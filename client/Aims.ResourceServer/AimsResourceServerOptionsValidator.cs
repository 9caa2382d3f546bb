using Microsoft.Extensions.Options;

namespace Aims.ResourceServer;

/// <summary>Refuses a resource server configuration that could never accept a token, at startup rather than per request.</summary>
internal sealed class AimsResourceServerOptionsValidator : IValidateOptions<AimsResourceServerOptions>
{
    public ValidateOptionsResult Validate(string? name, AimsResourceServerOptions options)
    {
        var failures = new List<string>();
        if (!FabricUrls.IsHttpUrl(options.Issuer))
            failures.Add($"Issuer must be the fabric's issuer identifier, an absolute http(s) URL such as https://aims.example.com (RFC 8414 section 2); got '{options.Issuer}'.");
        if (!FabricUrls.IsHttpUrl(options.Resource))
            failures.Add($"Resource must be this resource's identifier, an absolute http(s) URL without query or fragment (RFC 8707 section 2, RFC 9728 section 3); got '{options.Resource}'.");
        if (options.JwksUri is not null && !FabricUrls.IsHttpUrl(options.JwksUri))
            failures.Add($"JwksUri must be an absolute http(s) URL; got '{options.JwksUri}'.");
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
            failures.Add("ClockSkew must be between 0 and 5 minutes (RFC 9068 section 4).");
        if (options.JwksRefreshInterval < Keys.FabricJwks.MinRefetchInterval)
            failures.Add($"JwksRefreshInterval must be at least {Keys.FabricJwks.MinRefetchInterval.TotalSeconds:0} s.");
        if (options.JwksFetchTimeout <= TimeSpan.Zero || options.MaxJwksBytes <= 0)
            failures.Add("JwksFetchTimeout and MaxJwksBytes must be positive.");
        if (options.AcceptsWorkloadProofs && !Core.Identity.TrustDomain.TryParse(options.TrustDomain, out _, out var trustDomainError))
            failures.Add($"TrustDomain must be the fabric's SPIFFE trust domain name, such as aims.local: {trustDomainError}");
        if (options.RequireWorkloadProof && !options.AcceptsWorkloadProofs)
            failures.Add("RequireWorkloadProof needs TrustDomain: WITs are validated against that trust domain's keys.");
        if (options.PublicBaseUrl is not null && (!FabricUrls.IsHttpUrl(options.PublicBaseUrl) || new Uri(options.PublicBaseUrl).AbsolutePath != "/"))
            failures.Add($"PublicBaseUrl must be an absolute http(s) URL without path, query or fragment, as agents call this server; got '{options.PublicBaseUrl}'.");
        if (options.SpiffeBundleUri is not null && !FabricUrls.IsHttpUrl(options.SpiffeBundleUri))
            failures.Add($"SpiffeBundleUri must be an absolute http(s) URL; got '{options.SpiffeBundleUri}'.");
        if (options.MaxProofLifetime <= TimeSpan.Zero || options.MaxProofLifetime > TimeSpan.FromMinutes(15))
            failures.Add("MaxProofLifetime must be positive and at most 15 minutes: WPT lifetimes must be short (draft-ietf-wimse-wpt section 2).");
        if (options.ReplayCacheCapacity <= 0 || options.ValidatedTokenCacheCapacity <= 0)
            failures.Add("ReplayCacheCapacity and ValidatedTokenCacheCapacity must be positive.");
        foreach (var scope in options.ScopesSupported)
        {
            if (!Core.OAuth.ScopeSet.TryParse(scope, out var parsed, out _) || parsed.Count != 1)
                failures.Add($"'{scope}' in ScopesSupported is not one scope-token (RFC 6749 section 3.3).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
