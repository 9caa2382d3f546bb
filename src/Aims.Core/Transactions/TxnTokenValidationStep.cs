namespace Aims.Core.Transactions;

/// <summary>One named check of Txn-Token validation; false means the context holds the rejection.</summary>
internal delegate bool TxnTokenValidationStep(TxnTokenValidationContext context);
