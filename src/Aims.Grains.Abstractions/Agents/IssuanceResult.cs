using Aims.Grains.Credentials;

namespace Aims.Grains.Agents;

[GenerateSerializer, Immutable, Alias("aims.IssuanceResult")]
public sealed record IssuanceResult(
    [property: Id(0)] bool Issued,
    [property: Id(1)] IssuanceFailure? Failure,
    [property: Id(2)] X509SvidIssued? X509Svid,
    [property: Id(3)] IReadOnlyList<JwtSvidIssued> JwtSvids,
    [property: Id(4)] WitIssued? Wit)
{
    public static IssuanceResult Denied(IssuanceFailureKind kind, string detail) =>
        new(false, new IssuanceFailure(kind, detail), null, [], null);
}
