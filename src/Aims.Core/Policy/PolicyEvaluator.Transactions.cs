namespace Aims.Core.Policy;

/// <summary>
/// Transaction token decisions (draft-ietf-oauth-transaction-tokens §6.3: the service "MUST ... determine if that
/// workload is authorized to obtain the Txn-Tokens"): the first rule whose pattern matches the requesting workload
/// applies; it must have an <c>oauth.transactions</c> section, and a new transaction must start from an access token
/// addressed to the workload itself or to one of the section's <c>subject_audiences</c>.
/// </summary>
public static partial class PolicyEvaluator
{
    public static TransactionPolicyDecision EvaluateTransaction(PolicyDocument policy, TransactionPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Client);

        for (var index = 0; index < policy.Rules.Count; index++)
        {
            var rule = policy.Rules[index];
            if (rule.Match.Matches(request.Client))
                return DecideTransaction(rule, index, request);
        }

        return new(false, PolicyReasons.NoRuleMatches(request.Client, policy.Rules.Count), TimeSpan.Zero, null);
    }

    private static TransactionPolicyDecision DecideTransaction(PolicyRule rule, int index, TransactionPolicyRequest request)
    {
        var name = $"rule {index} ({rule.Match})";
        if (rule.OAuth?.Transactions is not { } transactions)
            return new(false, $"{name} grants no transaction tokens: it has no oauth.transactions section", TimeSpan.Zero, index);

        if (request.SubjectAudiences is { } audiences)
        {
            var self = request.Client.ToString();
            var addressed = audiences.Any(aud => string.Equals(aud, self, StringComparison.Ordinal)
                                                 || transactions.SubjectAudiences.Any(pattern => AudienceMatches(pattern, aud)));
            if (!addressed)
            {
                var allowed = transactions.SubjectAudiences.Count == 0
                    ? "only tokens addressed to itself"
                    : $"tokens addressed to itself or to {string.Join(", ", transactions.SubjectAudiences)} (oauth.transactions.subject_audiences)";
                return new(false,
                    $"the subject token is for [{string.Join(", ", Sorted(audiences))}]; {name} lets {self} start transactions from {allowed}",
                    TimeSpan.Zero, index);
            }
        }

        return new(true, $"{name} matches {request.Client} and allows transaction tokens for {transactions.Ttl.TotalSeconds:0} s", transactions.Ttl, index);
    }
}
