namespace Aims.Grains.Tokens;

/// <summary>
/// Decides and mints access tokens for JWT authorization grants (RFC 7523 §2.1), e.g. identity chaining from
/// another trust domain. A stateless worker per silo keyed by the trust domain (<see cref="GrainKeys.Issuer"/>):
/// the subject may be an agent of another trust domain, so no agent grain owns the decision.
/// </summary>
[Alias("aims.IJwtGrantIssuerGrain")]
public interface IJwtGrantIssuerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Evaluates the trusted issuer's policy for the subject and, if it allows, mints and records the token; the
    /// grant or refusal is audited before this returns.
    /// </summary>
    [Alias("Issue")] Task<AccessTokenOutcome> IssueAsync(JwtAuthorizationGrant grant);
}
