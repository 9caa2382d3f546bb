using Aims.Core.OAuth;

namespace Aims.Core.Policy;

/// <summary>The outcome of <see cref="PolicyEvaluator.EvaluateChaining"/>.</summary>
/// <param name="Denial">
/// Why it was denied: <see cref="TokenDenial.Scope"/> when the request asked for more than the subject token or the
/// rule allows, <see cref="TokenDenial.Resource"/> when the partner is not one the rule lists, else
/// <see cref="TokenDenial.NotAuthorized"/>; <see cref="TokenDenial.None"/> when allowed.
/// </param>
/// <param name="GrantedScopes">The grant's scope; empty on a denial.</param>
public sealed record ChainingPolicyDecision(bool Allowed, string Reason, TokenDenial Denial, ScopeSet GrantedScopes, int? RuleIndex)
{
    public override string ToString() => (Allowed ? "allowed: " : "denied: ") + Reason;
}
