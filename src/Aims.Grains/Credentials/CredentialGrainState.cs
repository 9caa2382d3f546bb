using Aims.Grains.Credentials;

namespace Aims.Grains.Credentials;

[GenerateSerializer, Alias("aims.CredentialGrainState")]
public sealed class CredentialGrainState
{
    [Id(0)] public CredentialRecord? Record { get; set; }
}
