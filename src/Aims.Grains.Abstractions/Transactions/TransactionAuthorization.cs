namespace Aims.Grains.Transactions;

/// <summary>What the requesting workload's agent grain decides before a transaction token is signed for it.</summary>
/// <param name="SubjectAudiences">The subject access token's <c>aud</c> for a new transaction; null for a replacement.</param>
/// <param name="Detail">What is asked for, for the audit record of a refusal.</param>
[GenerateSerializer, Immutable, Alias("aims.TransactionAuthorization")]
public sealed record TransactionAuthorization(
    [property: Id(0)] string Txn,
    [property: Id(1)] IReadOnlyList<string>? SubjectAudiences,
    [property: Id(2)] string Detail,
    [property: Id(3)] string CorrelationId);
