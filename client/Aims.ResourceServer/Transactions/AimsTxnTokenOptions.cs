namespace Aims.ResourceServer.Transactions;

/// <summary>
/// What a workload needs beyond <see cref="AimsResourceServerOptions"/> (whose <c>Issuer</c> and keys it shares) to
/// accept and obtain the fabric's transaction tokens.
/// </summary>
public sealed class AimsTxnTokenOptions
{
    /// <summary>
    /// The trust domain this workload belongs to (the silo's <c>Aims:TrustDomain</c>, e.g. <c>aims.local</c>): a
    /// Txn-Token is accepted only when its <c>aud</c> is exactly this (draft §7.1).
    /// </summary>
    public string TrustDomain { get; set; } = string.Empty;

    /// <summary>
    /// A current JWT-SVID of this workload for audience <c>{Issuer}/oauth2/token</c>, with which
    /// <see cref="FabricTransactionTokens"/> authenticates to the fabric's token service; null when this workload only
    /// receives transaction tokens.
    /// </summary>
    public Func<CancellationToken, Task<string>>? ClientAssertion { get; set; }
}
