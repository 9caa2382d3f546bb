namespace Aims.Core.Attestation.Tpm;

/// <summary>One TPMS_PCR_SELECTION of a quote: a PCR bank and the PCR indices selected in it, ascending (Part 2 §10.6.2).</summary>
public sealed record TpmPcrSelection(ushort HashAlgorithm, IReadOnlyList<int> Indices);
