using Aims.Testing;

namespace Aims.Agent.Tests.Testing;

/// <summary>
/// Where a project of this repository put its build output: next to the tests, under the same --artifacts-path
/// (<c>&lt;artifacts&gt;/bin/&lt;Project&gt;/&lt;pivot&gt;/</c>), or in the project's own <c>bin/Debug|Release/net10.0</c>.
/// </summary>
internal static class ProjectOutput
{
    /// <param name="projectName">The project's directory and MSBuild name, e.g. <c>WorkloadClient</c>.</param>
    /// <param name="projectDirectory">Its directory relative to the repository root, e.g. <c>tests/WorkloadClient</c>.</param>
    /// <param name="fileName">The file wanted in its output, e.g. the apphost <c>WorkloadClient</c>.</param>
    /// <param name="environmentVariable">Overrides the search with a full path.</param>
    public static string Locate(string projectName, string projectDirectory, string fileName, string environmentVariable, bool nextToTests = false)
    {
        var tried = new List<string>();
        bool Found(string path)
        {
            tried.Add(path);
            return File.Exists(path);
        }

        if (Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } configured && Found(configured))
            return Path.GetFullPath(configured);

        var here = Path.Combine(AppContext.BaseDirectory, fileName);
        if (nextToTests && Found(here))
            return here;

        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (baseDir.Parent?.Parent is { } binRoot)
        {
            var sibling = Path.Combine(binRoot.FullName, projectName, baseDir.Name, fileName);
            if (Found(sibling))
                return sibling;
        }

        if (NodeInterop.RepositoryRoot is { } root)
        {
            foreach (var configuration in new[] { "Debug", "Release" })
            {
                var classic = Path.Combine(root, projectDirectory, "bin", configuration, "net10.0", fileName);
                if (Found(classic))
                    return classic;
            }
        }

        throw new FileNotFoundException($"{fileName} of {projectName} was not found; build it or set {environmentVariable}. Looked at: {string.Join(", ", tried)}");
    }
}
