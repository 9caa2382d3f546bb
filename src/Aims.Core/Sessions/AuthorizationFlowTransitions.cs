using Aims.Core.StateMachines;

namespace Aims.Core.Sessions;

/// <summary>Every legal move of <see cref="AuthorizationFlowState"/>; anything else throws <see cref="InvalidTransitionException"/>.</summary>
public static class AuthorizationFlowTransitions
{
    public static AuthorizationFlowState Start(AuthorizationFlowState from) =>
        from == AuthorizationFlowState.None ? AuthorizationFlowState.Pending : throw Illegal(from, "start");

    public static AuthorizationFlowState Authenticate(AuthorizationFlowState from) =>
        from == AuthorizationFlowState.Pending ? AuthorizationFlowState.Authenticated : throw Illegal(from, "authenticate");

    public static AuthorizationFlowState Lock(AuthorizationFlowState from) =>
        from == AuthorizationFlowState.Pending ? AuthorizationFlowState.Locked : throw Illegal(from, "lock");

    public static AuthorizationFlowState Complete(AuthorizationFlowState from) =>
        from == AuthorizationFlowState.Authenticated ? AuthorizationFlowState.Completed : throw Illegal(from, "complete");

    public static AuthorizationFlowState Deny(AuthorizationFlowState from) =>
        from == AuthorizationFlowState.Authenticated ? AuthorizationFlowState.Denied : throw Illegal(from, "deny");

    public static AuthorizationFlowState Expire(AuthorizationFlowState from) =>
        IsOpen(from) ? AuthorizationFlowState.Expired : throw Illegal(from, "expire");

    /// <summary>A flow the user can still move forward.</summary>
    public static bool IsOpen(AuthorizationFlowState state) => state is AuthorizationFlowState.Pending or AuthorizationFlowState.Authenticated;

    private static InvalidTransitionException Illegal(AuthorizationFlowState from, string action) => new("authorization flow", from.ToString(), action);
}
