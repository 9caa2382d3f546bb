namespace Aims.Grains.Tests.Storage;

/// <summary>A database path in a fresh directory under the temp folder; the directory is deleted on dispose.</summary>
public sealed class TemporaryDatabase : IDisposable
{
    public TemporaryDatabase(params string[] relativePath)
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "aims-sqlite-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine([DirectoryPath, .. relativePath.Length == 0 ? ["grain-state.db"] : relativePath]);
    }

    /// <summary>The test's own directory. It does not exist until the provider creates it.</summary>
    public string DirectoryPath { get; }

    /// <summary>The database file, inside <see cref="DirectoryPath"/>.</summary>
    public string FilePath { get; }

    public void Dispose()
    {
        if (Directory.Exists(DirectoryPath))
            Directory.Delete(DirectoryPath, recursive: true);
    }
}
