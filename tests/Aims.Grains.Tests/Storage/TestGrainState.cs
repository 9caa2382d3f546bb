using System.Diagnostics.CodeAnalysis;

namespace Aims.Grains.Tests.Storage;

/// <summary>The state holder a provider fills in, as the grain's <c>IPersistentState</c> would pass it.</summary>
public sealed class TestGrainState : IGrainState<SqliteTestState>
{
    private SqliteTestState? _state = new();

    [AllowNull]
    public SqliteTestState State
    {
        get => _state ?? throw new InvalidOperationException("The provider set the state to null.");
        set => _state = value;
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
