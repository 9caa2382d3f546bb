namespace Aims.Api.Tests.Testing;

/// <summary>Every test class that talks to the silo shares one <see cref="AimsApiFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AimsApiCollection : ICollectionFixture<AimsApiFixture>
{
    public const string Name = "Aims API";
}
