namespace Aims.Core.Policy;

/// <summary>Whether an agent may act for another subject through token exchange (RFC 8693), and how.</summary>
/// <param name="Allowed">Whether the agent may be the actor of a delegated token, i.e. appear in its <c>act</c> claim.</param>
/// <param name="MaxDepth">
/// The deepest <c>act</c> chain (RFC 8693 §4.1) a token issued to the agent may carry: 1 means the agent acts directly for
/// the subject, 2 means for an actor that acts for the subject, and so on.
/// </param>
/// <param name="Impersonation">
/// Whether the agent may get a token as the subject itself, with no <c>act</c> claim recording it (RFC 8693 §1.1).
/// The parser accepts it only together with <paramref name="Allowed"/>.
/// </param>
public sealed record DelegationRule(bool Allowed, int MaxDepth, bool Impersonation);
