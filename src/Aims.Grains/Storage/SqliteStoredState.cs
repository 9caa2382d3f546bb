namespace Aims.Grains.Storage;

/// <summary>A live row of <c>grain_state</c>: its version and the serialized state.</summary>
internal readonly record struct SqliteStoredState(long ETag, byte[] Payload);
