using Aims.Core.Identity;
using Aims.Core.OAuth;

namespace Aims.Core.Policy;

/// <summary>The facts an identity chaining decision rests on: which agent asks, for which partner, for what scope.</summary>
/// <param name="Client">The agent asking for the grant; the first rule whose pattern matches it decides.</param>
/// <param name="Partner">The partner authorization server's issuer identifier (the grant's <c>aud</c>).</param>
/// <param name="RequestedScopes">The <c>scope</c> of the request; empty asks for all the subject token holds.</param>
/// <param name="SubjectScopes">The subject token's scope as it stands now: a grant never carries more.</param>
public sealed record ChainingPolicyRequest(SpiffeId Client, string Partner, ScopeSet RequestedScopes, ScopeSet SubjectScopes);
