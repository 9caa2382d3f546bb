using System.Security.Cryptography;

namespace Aims.Agent.Tests.Testing;

/// <summary>
/// A copy of the WorkloadClient apphost beside the original with a few bytes appended: it runs the same program
/// (the apphost finds WorkloadClient.dll by the name built into it, and the loader ignores trailing bytes) but is
/// a different executable to the unix attestor, so each test has a workload with its own <c>unix:sha256</c> and
/// <c>unix:path</c> and entries of one test never match another's.
/// </summary>
internal sealed class WorkloadBinary : IDisposable
{
    private WorkloadBinary(string path, string sha256)
    {
        Path = path;
        Sha256 = sha256;
    }

    public string Path { get; }

    public string Sha256 { get; }

    public string Sha256Selector => "unix:sha256:" + Sha256;

    public static WorkloadBinary Create(string name)
    {
        var original = ProjectOutput.Locate("WorkloadClient", "tests/WorkloadClient", "WorkloadClient", "AIMS_WORKLOAD_CLIENT");
        var copy = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(original)!, $"WorkloadClient-{name}-{Guid.NewGuid():N}"[..48]);
        var bytes = File.ReadAllBytes(original).Concat(RandomNumberGenerator.GetBytes(16)).ToArray();
        File.WriteAllBytes(copy, bytes);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new WorkloadBinary(copy, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
