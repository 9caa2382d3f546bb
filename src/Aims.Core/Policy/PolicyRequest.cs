using Aims.Core.Identity;

namespace Aims.Core.Policy;

/// <summary>The facts a policy decides on: who asks, with which attestation evidence, for which JWT-SVID audiences.</summary>
/// <param name="Audiences">Requested JWT-SVID audiences; empty when no JWT-SVID is asked for.</param>
public sealed record PolicyRequest(
    SpiffeId SpiffeId,
    IReadOnlyCollection<string> AttestationTypes,
    IReadOnlyCollection<string> Audiences);
