namespace Aims.Grains.Transactions;

/// <summary>An issued Txn-Token, or the RFC 6749 §5.2 error and description to answer with.</summary>
[GenerateSerializer, Immutable, Alias("aims.TxnTokenOutcome")]
public sealed record TxnTokenOutcome(
    [property: Id(0)] TxnTokenIssued? Issued,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? ErrorDescription)
{
    public static TxnTokenOutcome Refused(string error, string description) => new(null, error, description);
}
