namespace Aims.Core.Authority;

/// <summary>Key slot lifecycle: prepared (published, not signing) → active (signing) → retired (published until expiry).</summary>
public enum KeySlotState
{
    Prepared = 0,
    Active = 1,
    Retired = 2,
}
