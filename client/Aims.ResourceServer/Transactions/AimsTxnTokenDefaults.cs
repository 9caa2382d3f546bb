namespace Aims.ResourceServer.Transactions;

public static class AimsTxnTokenDefaults
{
    /// <summary>The authentication scheme of the fabric's transaction tokens, read from the <c>Txn-Token</c> header.</summary>
    public const string AuthenticationScheme = "AimsTxnToken";

    /// <summary>The header a Txn-Token travels in (draft-ietf-oauth-transaction-tokens §7.1).</summary>
    public const string Header = Core.Transactions.TxnTokenConstants.Header;
}
