using Aims.Core.Sessions;
using Aims.Grains.Tokens;

namespace Aims.Grains.Sessions;

/// <summary>A session's durable state. Codes and refresh tokens appear only as SHA-256 hashes.</summary>
[GenerateSerializer, Alias("aims.SessionGrainState")]
public sealed class SessionGrainState
{
    [Id(0)] public SessionState State { get; set; }

    [Id(1)] public string ClientId { get; set; } = string.Empty;

    [Id(2)] public bool IsAgentClient { get; set; }

    [Id(3)] public string RedirectUri { get; set; } = string.Empty;

    [Id(4)] public string CodeChallenge { get; set; } = string.Empty;

    /// <summary>Kept after redemption, so a replayed code is recognised and revokes the session.</summary>
    [Id(5)] public string CodeHash { get; set; } = string.Empty;

    [Id(6)] public string User { get; set; } = string.Empty;

    [Id(7)] public List<string> Scopes { get; set; } = [];

    [Id(8)] public List<string> Resources { get; set; } = [];

    [Id(9)] public DateTimeOffset AuthorizedAt { get; set; }

    [Id(10)] public DateTimeOffset ExpiresAt { get; set; }

    [Id(11)] public string RefreshHash { get; set; } = string.Empty;

    /// <summary>Hashes of rotated-out refresh tokens, oldest first, at most <see cref="SessionLimits.MaxRefreshHistory"/>.</summary>
    [Id(12)] public List<string> PreviousRefreshHashes { get; set; } = [];

    [Id(13)] public DateTimeOffset RefreshIssuedAt { get; set; }

    /// <summary>Unexpired access tokens issued from this session, revoked with it.</summary>
    [Id(14)] public List<TokenRecord> AccessTokens { get; set; } = [];

    /// <summary>Why the session was revoked or ended.</summary>
    [Id(15)] public string? EndReason { get; set; }
}
