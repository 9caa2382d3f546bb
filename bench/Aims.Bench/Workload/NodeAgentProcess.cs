using System.Diagnostics;
using System.Globalization;
using Aims.Testing;

namespace Aims.Bench.Workload;

/// <summary>
/// The node agent (<c>dotnet aims-agent.dll</c>) as a child process under <c>timeout</c>, as
/// <c>tests/Aims.Agent.Tests</c> starts it, with its log kept line by line. Disposing kills it.
/// </summary>
internal sealed class NodeAgentProcess : IAsyncDisposable
{
    private const string DllVariable = "AIMS_AGENT_DLL";
    private const int MaxKept = 20_000;
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(40);
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private int _dropped;

    private NodeAgentProcess(Process process) => _process = process;

    /// <summary>The process id of the <c>timeout</c> wrapper; <see cref="Http.ProcessCpuTime.Of"/> finds the agent under it.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Lines logged so far (a mark for <see cref="WaitForLogAsync"/>).</summary>
    public int LineCount
    {
        get
        {
            lock (_gate)
                return _dropped + _lines.Count;
        }
    }

    public static NodeAgentProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var dll = LocateDll();
        var psi = new ProcessStartInfo
        {
            FileName = "/usr/bin/timeout",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.ArgumentList.Add("--kill-after=10s");
        psi.ArgumentList.Add(((int)MaxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
        psi.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet");
        psi.ArgumentList.Add(dll);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("Aims__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        psi.Environment.Remove("SPIFFE_ENDPOINT_SOCKET");
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        psi.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in environment)
            psi.Environment[key] = value;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var agent = new NodeAgentProcess(process);
        process.OutputDataReceived += (_, e) => agent.Add(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Add(e.Data is null ? null : "stderr: " + e.Data);
        if (!process.Start())
            throw new InvalidOperationException("could not start the node agent");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Waits until a line logged after line <paramref name="from"/> holds <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout, int from = 0)
    {
        var clock = Stopwatch.StartNew();
        while (!Contains(text, from))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the node agent exited with {_process.ExitCode} before logging '{text}'\n{Tail(60)}");
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"the node agent did not log '{text}' within {timeout.TotalSeconds:0} s\n{Tail(60)}");
            await Task.Delay(50);
        }
    }

    /// <summary>The last <paramref name="count"/> lines, for failure messages.</summary>
    public string Tail(int count)
    {
        lock (_gate)
            return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - count)));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited in between
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _process.Dispose();
    }

    private bool Contains(string text, int from)
    {
        lock (_gate)
        {
            for (var i = Math.Max(0, from - _dropped); i < _lines.Count; i++)
            {
                if (_lines[i].Contains(text, StringComparison.Ordinal))
                    return true;
            }

            return false;
        }
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            _lines.Add(line);
            if (_lines.Count > MaxKept)
            {
                _lines.RemoveRange(0, MaxKept / 2);
                _dropped += MaxKept / 2;
            }
        }
    }

    /// <summary>
    /// <c>AIMS_AGENT_DLL</c>, else the agent's build output in the same configuration as this benchmark: the artifacts
    /// layout (<c>&lt;artifacts&gt;/bin/Aims.Agent/&lt;pivot&gt;/</c>) or <c>client/Aims.Agent/bin/&lt;Configuration&gt;/net10.0</c>.
    /// </summary>
    private static string LocateDll()
    {
        const string file = "aims-agent.dll";
        var tried = new List<string>();
        bool Found(string path)
        {
            tried.Add(path);
            return File.Exists(path);
        }

        if (Environment.GetEnvironmentVariable(DllVariable) is { Length: > 0 } configured && Found(configured))
            return Path.GetFullPath(configured);

        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (here.Parent?.Parent is { } binRoot && Found(Path.Combine(binRoot.FullName, "Aims.Agent", here.Name, file)))
            return tried[^1];

        if (NodeInterop.RepositoryRoot is { } root)
        {
            var configuration = here.Parent?.Name is "Debug" or "Release" ? here.Parent.Name : "Release";
            foreach (var candidate in new[] { configuration, "Release", "Debug" }.Distinct())
            {
                if (Found(Path.Combine(root, "client", "Aims.Agent", "bin", candidate, "net10.0", file)))
                    return tried[^1];
            }
        }

        throw new FileNotFoundException($"{file} was not found; build client/Aims.Agent or set {DllVariable}. Looked at: {string.Join(", ", tried)}");
    }
}
