namespace Aims.Grains.Transactions;

/// <summary>The policy's answer: the Txn-Token lifetime when allowed, else the RFC 6749 §5.2 error and why.</summary>
[GenerateSerializer, Immutable, Alias("aims.TransactionAuthorizationResult")]
public sealed record TransactionAuthorizationResult(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] TimeSpan Ttl,
    [property: Id(2)] string? Error,
    [property: Id(3)] string? ErrorDescription)
{
    public static TransactionAuthorizationResult Refused(string error, string description) => new(false, TimeSpan.Zero, error, description);
}
