namespace Aims.Core.Attestation;

/// <summary>The evidence types of <c>POST /v1/attest</c> and of policy's <c>attestation.allowed</c>/<c>required</c> lists.</summary>
public static class AttestationTypes
{
    public const string JoinToken = JoinTokenRules.EvidenceType;

    /// <summary>Software attestation of a process; only a node agent can observe it, never an HTTP caller.</summary>
    public const string Unix = "unix";

    public const string Tpm = "tpm";

    public const string KubernetesPsat = "k8s_psat";

    public const string Oidc = "oidc";

    public const string Slsa = "slsa";
}
