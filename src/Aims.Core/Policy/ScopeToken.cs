namespace Aims.Core.Policy;

/// <summary>The syntax of one OAuth scope value, shared by the parser (policy ceilings) and the evaluator (requests).</summary>
internal static class ScopeToken
{
    // RFC 6749 §3.3: scope-token = 1*NQCHAR; the character rule is the OAuth layer's.
    public static bool IsValid(string value) => value.Length > 0 && value.All(OAuth.ScopeSet.IsScopeChar);
}
