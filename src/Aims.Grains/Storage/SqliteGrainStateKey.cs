namespace Aims.Grains.Storage;

/// <summary>The primary key of one row of <c>grain_state</c>.</summary>
internal readonly record struct SqliteGrainStateKey(string Provider, string StateName, string GrainId);
