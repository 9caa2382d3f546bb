namespace Aims.Grains.OAuth;

[GenerateSerializer, Alias("aims.OAuthClientGrainState")]
public sealed class OAuthClientGrainState
{
    [Id(0)] public OAuthClientView? Client { get; set; }
}
