namespace Aims.Grains.Transactions;

/// <summary>
/// One transaction of the trust domain, keyed by its <c>txn</c> (<see cref="GrainKeys.Transaction"/>): it issues the
/// transaction's first Txn-Token and every replacement (draft-ietf-oauth-transaction-tokens §6, §10.5) and is
/// authoritative for whether the transaction is still live. Starting writes nothing (the signed token and the audit
/// record are the record of issuance); a revocation is written durably before it is acknowledged.
/// </summary>
[Alias("aims.ITransactionGrain")]
public interface ITransactionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the transaction: the requesting workload's policy must allow it, then the Txn-Token is signed, checked by
    /// the relying party's validator, audited, and the agents party to it learn of it; only then is it returned.
    /// </summary>
    [Alias("Start")] Task<TxnTokenOutcome> StartAsync(TransactionStart start);

    /// <summary>
    /// Issues a replacement of a presented Txn-Token of this transaction: same <c>txn</c>, <c>sub</c> and <c>aud</c>,
    /// a scope no wider, a life no longer, the requester appended to <c>req_wl</c>. Refused once the transaction is
    /// revoked or expired.
    /// </summary>
    [Alias("Replace")] Task<TxnTokenOutcome> ReplaceAsync(TransactionReplacement replacement);

    /// <summary>
    /// The transaction as this grain knows it: what was stored (a revocation) wins over <paramref name="issued"/>,
    /// what a validly signed token of it says (<see cref="TransactionRecord.From"/>).
    /// </summary>
    [Alias("Get")] Task<TransactionRecord> GetAsync(TransactionRecord issued);

    /// <summary>
    /// Revokes the transaction (durably, audited); one already revoked or expired stays as it is and the answer says so.
    /// It interleaves: a compromise of an agent revokes while that agent may be asked about this very transaction.
    /// </summary>
    [Alias("Revoke"), Orleans.Concurrency.AlwaysInterleave] Task<TransactionRecord> RevokeAsync(TransactionRecord known, string reason, string correlationId);
}
