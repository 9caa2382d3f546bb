using Aims.Api.Bundles;
using Aims.Core.Credentials;
using Aims.Core.Transactions;
using Aims.Grains.Transactions;

namespace Aims.Api.OAuth.Transactions;

/// <summary>Checks a presented Txn-Token with the relying party's validator against this server's keys and trust domain.</summary>
internal static class PresentedTxnTokens
{
    public static async Task<CredentialValidationResult<TxnToken>> ValidateAsync(
        string token, BundleCache bundles, AuthorizationServerIssuer issuer, DateTimeOffset now, TimeSpan? clockSkew = null)
    {
        var bundle = await bundles.GetAsync();
        return TxnTokenValidator.Validate(token, bundle.OAuthKeys, issuer.Url, bundles.TrustDomain, now, clockSkew);
    }

    public static PresentedTxnToken ToGrain(TxnToken token) => new(
        token.Issuer, token.Txn, token.Subject, token.Audience, token.Scope.ToString(), token.RequestingWorkloads,
        token.TransactionContext, token.RequesterContext, token.IssuedAt, token.ExpiresAt);
}
