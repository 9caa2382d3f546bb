using System.Security.Claims;
using Aims.Core.OAuth;
using Aims.Core.Transactions;
using Aims.ResourceServer.Authentication;

namespace Aims.ResourceServer.Transactions;

/// <summary>The <see cref="ClaimsPrincipal"/> of a validated Txn-Token: the transaction's subject, scope, call chain and context.</summary>
internal static class TxnTokenPrincipal
{
    /// <param name="effectiveScope">The token's scope after the revocation cache's reductions.</param>
    public static ClaimsPrincipal Create(TxnToken token, ScopeSet effectiveScope, string authenticationType)
    {
        var claims = new List<Claim>(4 + effectiveScope.Count + token.RequestingWorkloads.Count)
        {
            new(AimsClaimTypes.Subject, token.Subject, ClaimValueTypes.String, token.Issuer),
            new(TxnClaimTypes.Txn, token.Txn, ClaimValueTypes.String, token.Issuer),
        };
        foreach (var scope in effectiveScope)
            claims.Add(new Claim(AimsClaimTypes.Scope, scope, ClaimValueTypes.String, token.Issuer));
        foreach (var workload in token.RequestingWorkloads)
            claims.Add(new Claim(TxnClaimTypes.RequestingWorkload, workload, ClaimValueTypes.String, token.Issuer));
        if (token.TransactionContext is { } tctx)
            claims.Add(new Claim(TxnClaimTypes.TransactionContext, tctx, "json", token.Issuer));
        if (token.RequesterContext is { } rctx)
            claims.Add(new Claim(TxnClaimTypes.RequesterContext, rctx, "json", token.Issuer));

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, AimsClaimTypes.Subject, ClaimsIdentity.DefaultRoleClaimType));
    }
}
