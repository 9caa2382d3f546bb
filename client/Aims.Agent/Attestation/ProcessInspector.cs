using System.Globalization;
using System.Security.Cryptography;
using Aims.Core.Attestation.Unix;

namespace Aims.Agent.Attestation;

/// <summary>
/// Measures a local process through <c>/proc</c>: where its executable is and the SHA-256 of the very file it runs
/// (read through <c>/proc/&lt;pid&gt;/exe</c>, which stays bound to the executed inode even if the path is replaced),
/// and whether it is provably the same process from the first read to the last.
/// </summary>
internal static class ProcessInspector
{
    /// <summary>The facts for <see cref="UnixAttestor"/>, or why the process could not be measured.</summary>
    public static (UnixProcessFacts? Facts, string? Problem) Measure(PeerCredentials peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var pid = peer.Pid;
        try
        {
            var startedBefore = StartTime(pid);
            var path = new FileInfo($"/proc/{pid}/exe").LinkTarget ?? string.Empty;
            string digest;
            using (var executable = File.OpenRead($"/proc/{pid}/exe"))
                digest = Convert.ToHexStringLower(SHA256.HashData(executable));
            var startedAfter = StartTime(pid);

            var same = startedBefore == startedAfter && (peer.PidFd is null || PidOf(peer.PidFd) == pid);
            return (new UnixProcessFacts(pid, peer.Uid, peer.Gid, path, digest, same), null);
        }
        catch (UnauthorizedAccessException)
        {
            return (null, $"the node agent may not inspect process {pid}; run it as root to attest processes of other users");
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return (null, $"process {pid} is gone or cannot be read ({e.Message}); connect again");
        }
    }

    /// <summary>Field 22 of <c>/proc/&lt;pid&gt;/stat</c>: clock ticks from boot to the process's start.</summary>
    private static ulong StartTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return ulong.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    /// <summary>The pid a pidfd refers to, from <c>/proc/self/fdinfo</c>: -1 or 0 once the process is gone.</summary>
    private static int PidOf(Microsoft.Win32.SafeHandles.SafeFileHandle pidFd)
    {
        foreach (var line in File.ReadLines($"/proc/self/fdinfo/{pidFd.DangerousGetHandle()}"))
        {
            if (line.StartsWith("Pid:", StringComparison.Ordinal))
                return int.Parse(line.AsSpan(4).Trim(), CultureInfo.InvariantCulture);
        }

        return -1;
    }
}
