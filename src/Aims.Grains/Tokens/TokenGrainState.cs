namespace Aims.Grains.Tokens;

[GenerateSerializer, Alias("aims.TokenGrainState")]
public sealed class TokenGrainState
{
    [Id(0)] public TokenRecord? Record { get; set; }
}
