using Aims.Core.Identity;

namespace Aims.Core.OAuth;

/// <summary>
/// Whether a party may act for a token's subject in a token exchange (RFC 8693 §4.4): the subject token's
/// <c>may_act</c>, when it has one, names the only party that may; and when the subject is an agent whose policy
/// lists who may act for it (<c>oauth.delegation.may_act</c>), the actor must be on that list too. Neither
/// statement means no restriction beyond the actor's own delegation rule.
/// </summary>
public static class ActorPermission
{
    /// <summary>Why <paramref name="actor"/> may not act for <paramref name="subject"/>, or null when it may.</summary>
    /// <param name="mayAct">The subject token's <c>may_act.sub</c>, or null.</param>
    /// <param name="permittedByPolicy">The actors the subject's policy lists; empty when it lists none or the subject is no agent here.</param>
    public static string? Refusal(string actor, string subject, string? mayAct, IReadOnlyCollection<SpiffeId> permittedByPolicy)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(permittedByPolicy);

        if (mayAct is not null && !string.Equals(mayAct, actor, StringComparison.Ordinal))
            return $"the subject_token's may_act says only {mayAct} may act for {subject}, not {actor} (RFC 8693 §4.4)";

        if (permittedByPolicy.Count > 0 && !permittedByPolicy.Any(permitted => string.Equals(permitted.ToString(), actor, StringComparison.Ordinal)))
        {
            return $"the policy of {subject} lets only {string.Join(", ", permittedByPolicy)} act for it (oauth.delegation.may_act), not {actor} (RFC 8693 §4.4)";
        }

        return null;
    }
}
