namespace Aims.Core.Sessions;

/// <summary>The two opaque credentials a session hands out; each kind has its own prefix, so one never passes for the other.</summary>
public enum SessionCredentialKind
{
    AuthorizationCode = 0,
    RefreshToken = 1,
}
