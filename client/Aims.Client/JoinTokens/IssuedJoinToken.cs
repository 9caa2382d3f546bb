using Aims.Core.Identity;

namespace Aims.Client.JoinTokens;

/// <summary>A join token just created: hand <see cref="Token"/> to the agent; it is stored only as its hash.</summary>
public sealed record IssuedJoinToken(string Token, SpiffeId SpiffeId, DateTimeOffset ExpiresAt)
{
    // Never print the token by accident (logs, debugger displays of collections).
    public override string ToString() => $"join token for {SpiffeId}, expires {ExpiresAt:O}";
}
