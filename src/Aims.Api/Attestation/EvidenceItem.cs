using Aims.Core.Attestation.Slsa;
using Aims.Core.Attestation.Tpm;

namespace Aims.Api.Attestation;

/// <summary>One evidence item of <c>POST /v1/attest</c>, well-formed but not yet verified.</summary>
public abstract record EvidenceItem(string Type);

/// <summary><c>{type:"join_token", token}</c>.</summary>
public sealed record JoinTokenItem(string Token) : EvidenceItem(Core.Attestation.AttestationTypes.JoinToken);

/// <summary><c>{type:"tpm", ak_id | ak, quote, signature, pcrs, nonce}</c>: the AK by its id (computed from <c>ak</c> when the PEM was sent).</summary>
public sealed record TpmItem(string KeyId, TpmQuoteEvidence Quote) : EvidenceItem(Core.Attestation.AttestationTypes.Tpm);

/// <summary><c>{type:"k8s_psat", token}</c> or <c>{type:"oidc", token}</c>.</summary>
public sealed record TokenItem(string TokenType, string Token) : EvidenceItem(TokenType);

/// <summary><c>{type:"slsa", envelope, measured?}</c>: <paramref name="Measured"/> names which verified measurement the provenance is for.</summary>
public sealed record SlsaItem(DsseEnvelope Envelope, string? Measured) : EvidenceItem(Core.Attestation.AttestationTypes.Slsa);
