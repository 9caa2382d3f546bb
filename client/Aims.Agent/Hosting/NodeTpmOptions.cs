using System.Globalization;
using Aims.Core.Attestation.Tpm;
using Microsoft.Extensions.Configuration;

namespace Aims.Agent.Hosting;

/// <summary>
/// The <c>Aims:Agent:Tpm</c> section: the node's TPM, reached with tpm2-tools. When it is set the agent attests the
/// node with a quote over the cluster's fresh nonce (with or without a join token) and re-attests at every renewal.
/// </summary>
/// <example>
/// <code>
/// "Tpm": { "Tcti": "device:/dev/tpmrm0", "AkContext": "0x81010002", "AkPublicKey": "/etc/aims/ak.pem", "Pcrs": "0,1,2,3,4,5,6,7" }
/// </code>
/// </example>
public sealed class NodeTpmOptions
{
    public const string SectionName = NodeAgentOptions.SectionName + ":Tpm";

    /// <summary>The tpm2-tools TCTI (<c>TPM2TOOLS_TCTI</c>), e.g. <c>device:/dev/tpmrm0</c> or <c>swtpm:host=127.0.0.1,port=2321</c>; null for the tools' default.</summary>
    public string? Tcti { get; init; }

    /// <summary>The AK as <c>tpm2_quote -c</c> takes it: a persistent handle (<c>0x81010002</c>) or a context file of <c>tpm2_createak -c</c>.</summary>
    public required string AkContext { get; init; }

    /// <summary>Id of the AK (hex SHA-256 of its SubjectPublicKeyInfo), computed from <c>AkPublicKey</c>, the PEM the operator enrolled.</summary>
    public required string AkId { get; init; }

    /// <summary>The PCRs of the SHA-256 bank that are quoted (default 0-7, the boot measurements).</summary>
    public required IReadOnlyList<int> Pcrs { get; init; }

    /// <summary>The section, or null when <c>AkContext</c> is not set (no TPM). A half-set or unusable section throws with what to fix.</summary>
    public static NodeTpmOptions? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        if (section["AkContext"] is not { Length: > 0 } context)
        {
            return section.GetChildren().Any()
                ? throw new InvalidOperationException($"{SectionName}:AkContext is required when {SectionName} is set: the AK's persistent handle or context file")
                : null;
        }

        if (section["AkPublicKey"] is not { Length: > 0 } pemFile || !File.Exists(pemFile))
            throw new InvalidOperationException($"{SectionName}:AkPublicKey must name the AK's PEM public key file (tpm2_createak -u ak.pem -f pem), the one the operator enrolled");
        if (!TpmAttestationKey.TryCreate(File.ReadAllText(pemFile), null, out var key, out var error))
            throw new InvalidOperationException($"{SectionName}:AkPublicKey {pemFile} is not an acceptable attestation key: {error}");

        return new NodeTpmOptions
        {
            Tcti = section["Tcti"] is { Length: > 0 } tcti ? tcti : null,
            AkContext = context,
            AkId = key.Id,
            Pcrs = ParsePcrs(section["Pcrs"] is { Length: > 0 } pcrs ? pcrs : "0,1,2,3,4,5,6,7"),
        };
    }

    private static List<int> ParsePcrs(string text)
    {
        var pcrs = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 23 || !pcrs.Add(index))
                throw new InvalidOperationException($"{SectionName}:Pcrs must list distinct PCR indices 0 to 23, comma-separated (e.g. 0,1,2,3,4,5,6,7); '{part}' is not one");
        }

        return [.. pcrs];
    }
}
