namespace Aims.Grains.Storage;

/// <summary>
/// The stored form of a grain that reads and writes its storage provider directly instead of through
/// <c>[PersistentState]</c>, so that activating it reads nothing until it is asked a question that needs the store.
/// </summary>
/// <typeparam name="T">The state record; nullable as the interface declares it (a provider may reset a missing one to null).</typeparam>
internal sealed class DirectGrainState<T> : IGrainState<T?>
    where T : class, new()
{
    public T? State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
