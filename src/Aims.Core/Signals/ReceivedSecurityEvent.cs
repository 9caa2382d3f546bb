namespace Aims.Core.Signals;

/// <summary>A SET that passed <see cref="SecurityEventTokenValidator"/>: who sent it, about whom, and what happened.</summary>
/// <param name="PayloadJson">The event's own members (the value of <c>events[Type]</c>).</param>
public sealed record ReceivedSecurityEvent(
    string Issuer, string Jti, DateTimeOffset IssuedAt, string? Txn, SubjectIdentifier Subject, string Type, string PayloadJson);
