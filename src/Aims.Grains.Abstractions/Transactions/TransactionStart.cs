namespace Aims.Grains.Transactions;

/// <summary>
/// A request for the first Txn-Token of a transaction (draft §6.1): the authenticated <see cref="Requester"/> presents
/// an access token of this server for <see cref="Subject"/>; the front end validated it and checked its standing.
/// </summary>
/// <param name="Requester">The requesting workload's SPIFFE ID (the token endpoint client): <c>req_wl</c>.</param>
/// <param name="SubjectAudiences">The subject access token's <c>aud</c>, which the requester's policy must cover.</param>
/// <param name="SubjectClientId">The subject access token's <c>client_id</c>, for the audit record.</param>
/// <param name="Scopes">The scope asked for, already checked to be within the subject token's.</param>
/// <param name="TransactionContext">The normalized <c>request_details</c> object, or null: becomes <c>tctx</c>.</param>
/// <param name="RequesterContext">The <c>rctx</c> the front end built, or null.</param>
[GenerateSerializer, Immutable, Alias("aims.TransactionStart")]
public sealed record TransactionStart(
    [property: Id(0)] string Issuer,
    [property: Id(1)] string TrustDomain,
    [property: Id(2)] string Requester,
    [property: Id(3)] string Subject,
    [property: Id(4)] string SubjectJti,
    [property: Id(5)] string SubjectClientId,
    [property: Id(6)] IReadOnlyList<string> SubjectAudiences,
    [property: Id(7)] IReadOnlyList<string> Scopes,
    [property: Id(8)] string? TransactionContext,
    [property: Id(9)] string? RequesterContext,
    [property: Id(10)] string ClientAuthentication,
    [property: Id(11)] string CorrelationId);
