using System.Runtime.CompilerServices;
using Aims.Core.Identity;

namespace Aims.Core.Tests.Architecture;

/// <summary>Aims.Core is the pure domain (STYLE.md): no Orleans, ASP.NET, hosting, SQLite or Azure; time only from TimeProvider.</summary>
public sealed class CoreDependencyTests
{
    private static readonly string[] ForbiddenAssemblyPrefixes =
    [
        "Orleans",
        "Microsoft.Orleans",
        "Microsoft.AspNetCore",
        "Microsoft.Extensions.Hosting",
        "Microsoft.Data.Sqlite",
        "Azure",
    ];

    private static readonly string[] WallClockReads =
    [
        "DateTime.UtcNow",
        "DateTimeOffset.UtcNow",
        "DateTime.Now",
        "DateTimeOffset.Now",
        "DateTime.Today",
    ];

    [Fact]
    public void ReferencedAssemblies_NoOrleansAspNetCoreHostingSqliteOrAzure()
    {
        var referenced = typeof(SpiffeId).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.NotEmpty(referenced);
        Assert.DoesNotContain(referenced, name => ForbiddenAssemblyPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void SourceFiles_NeverReadTheWallClock()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Aims.Core");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(source, f)))
            .ToArray();

        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(source, f), Line: i + 1, Text: line)))
            .Where(l => WallClockReads.Any(read => l.Text.Contains(read, StringComparison.Ordinal)))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToArray();

        Assert.True(files.Length > 10, $"found only {files.Length} source files under {source}");
        Assert.Empty(offenders);
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relativePath.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The directory holding Aims.Orleans.sln, found by walking up from this source file (the build output may live
    /// elsewhere, e.g. with --artifacts-path), then from the test binaries.
    /// </summary>
    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(thisFile), AppContext.BaseDirectory })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Aims.Orleans.sln")))
                    return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Aims.Orleans.sln was not found above {thisFile} or {AppContext.BaseDirectory}.");
    }
}
