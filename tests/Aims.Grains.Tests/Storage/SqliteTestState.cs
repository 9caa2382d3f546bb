namespace Aims.Grains.Tests.Storage;

[GenerateSerializer, Alias("aims.tests.SqliteTestState")]
public sealed class SqliteTestState
{
    [Id(0)] public string? Value { get; set; }
    [Id(1)] public int Counter { get; set; }
}
