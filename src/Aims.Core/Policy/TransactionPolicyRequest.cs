using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>The facts a transaction token decision rests on: which agent asks, and whose token it presents.</summary>
/// <param name="Client">The requesting workload; the first rule whose pattern matches it decides.</param>
/// <param name="SubjectAudiences">
/// The <c>aud</c> of the access token that starts the transaction; null for a replacement, whose subject token is a
/// transaction token of this trust domain.
/// </param>
public sealed record TransactionPolicyRequest(SpiffeId Client, IReadOnlyCollection<string>? SubjectAudiences);
