using System.Diagnostics;
using System.Globalization;

namespace Aims.Agent.Tests.Testing;

/// <summary>
/// <c>dotnet aims-agent.dll</c> as a child process under <c>timeout</c>, with its log captured. Disposing kills it.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(20);
    private readonly Process _process;
    private readonly OutputLines _output = new();

    private AgentProcess(Process process) => _process = process;

    public string Log => _output.Text;

    public bool HasExited => _process.HasExited;

    public static AgentProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dll = ProjectOutput.Locate("Aims.Agent", "client/Aims.Agent", "aims-agent.dll", "AIMS_AGENT_DLL");
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
        var agent = new AgentProcess(process);
        agent._output.Attach(process, channelStdout: false);
        if (!process.Start())
            throw new InvalidOperationException("could not start the node agent");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Waits until the agent's log holds <paramref name="text"/>; throws with the log if it exits or time runs out.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the node agent exited with {_process.ExitCode} before logging '{text}'\n{Log}");
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"the node agent did not log '{text}' within {timeout.TotalSeconds:0} s\n{Log}");
            await Task.Delay(100);
        }
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
}
