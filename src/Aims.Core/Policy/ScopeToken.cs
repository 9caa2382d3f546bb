namespace Aims.Core.Policy;

/// <summary>The syntax of one OAuth scope value, shared by the parser (policy ceilings) and the evaluator (requests).</summary>
internal static class ScopeToken
{
    // RFC 6749 §3.3: scope-token = 1*NQCHAR, NQCHAR = %x21 / %x23-5B / %x5D-7E.
    public static bool IsValid(string value) => value.Length > 0 && value.All(IsNqChar);

    private static bool IsNqChar(char c) => c is '\x21' or (>= '\x23' and <= '\x5B') or (>= '\x5D' and <= '\x7E');
}
