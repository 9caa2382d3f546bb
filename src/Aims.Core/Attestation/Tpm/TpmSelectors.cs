namespace Aims.Core.Attestation.Tpm;

/// <summary>The selectors a verified TPM quote proves.</summary>
public static class TpmSelectors
{
    /// <summary><c>tpm:ak:&lt;hex SHA-256 of the AK's SubjectPublicKeyInfo&gt;</c>.</summary>
    public static string AttestationKey(string keyId) => $"tpm:ak:{keyId}";

    /// <summary><c>tpm:pcr:&lt;index&gt;:&lt;hex SHA-256 bank value&gt;</c>.</summary>
    public static string Pcr(int index, ReadOnlySpan<byte> value) => $"tpm:pcr:{index}:{Convert.ToHexStringLower(value)}";
}
