namespace Aims.Core.Tokens;

/// <summary>Access token lifecycle (ARCHITECTURE.md): Active → ScopeReduced → Revoked | Expired. Revoked and Expired are final.</summary>
public enum TokenState
{
    Active = 0,
    ScopeReduced = 1,
    Revoked = 2,
    Expired = 3,
}
