namespace Aims.Grains.Tests.Cluster;

/// <summary>Every grain test shares one two-silo cluster and one fake clock; tests in a collection run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AimsClusterCollection : ICollectionFixture<AimsClusterFixture>
{
    public const string Name = "Aims cluster";
}
