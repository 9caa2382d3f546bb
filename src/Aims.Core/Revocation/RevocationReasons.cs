namespace Aims.Core.Revocation;

/// <summary>The wire names of <see cref="RevocationReason"/> (snake_case of the RFC 5280 names) and their parsing.</summary>
public static class RevocationReasons
{
    private static readonly Dictionary<string, RevocationReason> ByName = new(StringComparer.Ordinal)
    {
        ["unspecified"] = RevocationReason.Unspecified,
        ["key_compromise"] = RevocationReason.KeyCompromise,
        ["affiliation_changed"] = RevocationReason.AffiliationChanged,
        ["superseded"] = RevocationReason.Superseded,
        ["cessation_of_operation"] = RevocationReason.CessationOfOperation,
        ["privilege_withdrawn"] = RevocationReason.PrivilegeWithdrawn,
    };

    /// <summary>Every accepted name, for error texts.</summary>
    public static string AcceptedNames { get; } = string.Join(", ", ByName.Keys);

    public static bool TryParse(string? name, out RevocationReason reason, out string error)
    {
        if (name is not null && ByName.TryGetValue(name, out reason))
        {
            error = string.Empty;
            return true;
        }

        reason = RevocationReason.Unspecified;
        error = $"reason_code '{name}' is not a revocation reason; use one of {AcceptedNames} (RFC 5280 §5.3.1)";
        return false;
    }

    public static string Name(RevocationReason reason) =>
        ByName.FirstOrDefault(kv => kv.Value == reason).Key ?? throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a leaf revocation reason");
}
