using Aims.Core.StateMachines;

namespace Aims.Core.Credentials;

/// <summary>Every legal move of <see cref="CredentialState"/>; anything else throws.</summary>
public static class CredentialTransitions
{
    public static CredentialState Activate(CredentialState from) =>
        from == CredentialState.Issued ? CredentialState.Active : throw Illegal(from, "activate");

    public static CredentialState Supersede(CredentialState from) =>
        from == CredentialState.Active ? CredentialState.Superseded : throw Illegal(from, "supersede");

    public static CredentialState Expire(CredentialState from) =>
        IsLive(from) ? CredentialState.Expired : throw Illegal(from, "expire");

    public static CredentialState Revoke(CredentialState from) =>
        IsLive(from) ? CredentialState.Revoked : throw Illegal(from, "revoke");

    public static bool IsLive(CredentialState state) =>
        state is CredentialState.Issued or CredentialState.Active or CredentialState.Superseded;

    private static InvalidTransitionException Illegal(CredentialState from, string action) => new("credential", from.ToString(), action);
}
