namespace Aims.Grains.Transactions;

/// <summary>A request to replace a presented Txn-Token of the transaction (draft §10.5); the front end verified the token.</summary>
/// <param name="Requester">The requesting workload's SPIFFE ID, appended to <c>req_wl</c>.</param>
/// <param name="Scopes">The scope asked for; empty keeps the presented token's.</param>
/// <param name="TransactionContextAdditions">Normalized <c>request_details</c> to add to <c>tctx</c>, or null.</param>
[GenerateSerializer, Immutable, Alias("aims.TransactionReplacement")]
public sealed record TransactionReplacement(
    [property: Id(0)] PresentedTxnToken Presented,
    [property: Id(1)] string Requester,
    [property: Id(2)] IReadOnlyList<string> Scopes,
    [property: Id(3)] string? TransactionContextAdditions,
    [property: Id(4)] string ClientAuthentication,
    [property: Id(5)] string CorrelationId);
