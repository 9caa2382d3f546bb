using Aims.Core.Sessions;
using Aims.Grains.Sessions;

namespace Aims.Api.Contracts;

/// <summary>One live delegation session of an agent (<c>GET /v1/agents/{id}/sessions</c>); never a secret or hash.</summary>
public sealed record SessionResponse(
    string SessionId,
    string ClientId,
    string User,
    string Scope,
    IReadOnlyList<string> Resources,
    SessionState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public static SessionResponse From(SessionSummary s) => new(s.SessionId, s.ClientId, s.User, s.Scope, s.Resources, s.State, s.CreatedAt, s.ExpiresAt);
}

public sealed record SessionListResponse(IReadOnlyList<SessionResponse> Sessions);
