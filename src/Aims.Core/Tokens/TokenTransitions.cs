using Aims.Core.StateMachines;

namespace Aims.Core.Tokens;

/// <summary>Every legal move of <see cref="TokenState"/>; anything else throws.</summary>
public static class TokenTransitions
{
    public static TokenState ReduceScope(TokenState from) =>
        IsLive(from) ? TokenState.ScopeReduced : throw Illegal(from, "reduce scope");

    public static TokenState Revoke(TokenState from) =>
        IsLive(from) ? TokenState.Revoked : throw Illegal(from, "revoke");

    public static TokenState Expire(TokenState from) =>
        IsLive(from) ? TokenState.Expired : throw Illegal(from, "expire");

    public static bool IsLive(TokenState state) => state is TokenState.Active or TokenState.ScopeReduced;

    private static InvalidTransitionException Illegal(TokenState from, string action) => new("token", from.ToString(), action);
}
