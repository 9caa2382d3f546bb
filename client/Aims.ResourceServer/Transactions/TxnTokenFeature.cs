using Aims.Core.Transactions;
using Microsoft.AspNetCore.Http;

namespace Aims.ResourceServer.Transactions;

/// <summary>
/// The validated Txn-Token of the current request. An outbound call of this workload passes <see cref="TxnToken.Token"/>
/// on unmodified in its own <c>Txn-Token</c> header (draft §7.1), or asks <see cref="FabricTransactionTokens"/> for a
/// replacement first.
/// </summary>
public static class TxnTokenFeature
{
    private static readonly object Key = new();

    /// <summary>The request's validated Txn-Token, or null when the request was not authenticated by one.</summary>
    public static TxnToken? GetTxnToken(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(Key, out var token) ? token as TxnToken : null;
    }

    internal static void Set(HttpContext http, TxnToken token) => http.Items[Key] = token;
}
