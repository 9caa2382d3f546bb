namespace Aims.Core.Signals.Streams;

/// <summary>A signed SET waiting for its receiver: to be pushed (with retries) or polled and acknowledged.</summary>
public sealed record PendingSet(string Jti, string Token, DateTimeOffset EnqueuedAt, int Attempts, DateTimeOffset NextAttemptAt);
