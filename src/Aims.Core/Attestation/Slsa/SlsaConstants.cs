namespace Aims.Core.Attestation.Slsa;

/// <summary>The type URIs of the in-toto attestation framework and SLSA provenance.</summary>
public static class SlsaConstants
{
    /// <summary>in-toto envelope layer: the DSSE payloadType of a Statement (in-toto attestation spec v1 envelope.md).</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    public const string StatementV1 = "https://in-toto.io/Statement/v1";

    /// <summary>The Statement type SLSA v0.2 provenance was published with.</summary>
    public const string StatementV01 = "https://in-toto.io/Statement/v0.1";

    public const string ProvenanceV1 = "https://slsa.dev/provenance/v1";

    public const string ProvenanceV02 = "https://slsa.dev/provenance/v0.2";
}
