namespace Aims.Grains.Tests.Storage;

/// <summary>What a <see cref="ISqliteStorageTestGrain"/> activation holds, and which activation it is.</summary>
[GenerateSerializer, Immutable, Alias("aims.tests.SqliteStorageTestSnapshot")]
public sealed record SqliteStorageTestSnapshot(
    [property: Id(0)] string? Value,
    [property: Id(1)] string? ETag,
    [property: Id(2)] bool RecordExists,
    [property: Id(3)] Guid ActivationId);
