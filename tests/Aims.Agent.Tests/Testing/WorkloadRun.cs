using System.Diagnostics;
using System.Text.Json;

namespace Aims.Agent.Tests.Testing;

/// <summary>One run of a workload binary: its JSON lines as they arrive. Disposing kills it if it still runs.</summary>
internal sealed class WorkloadRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputLines _output = new();

    private WorkloadRun(Process process) => _process = process;

    public string Output => _output.Text;

    public static WorkloadRun Start(WorkloadBinary binary, string endpointSocket, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(binary);
        var psi = new ProcessStartInfo
        {
            FileName = binary.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);

        // As go-spiffe and every SPIFFE library find it (SPIFFE Workload Endpoint §4).
        psi.Environment["SPIFFE_ENDPOINT_SOCKET"] = endpointSocket;
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var run = new WorkloadRun(process);
        run._output.Attach(process, channelStdout: true);
        if (!process.Start())
            throw new InvalidOperationException($"could not start {binary.Path}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs to the end and returns its last line (the answer, an error or a timeout).</summary>
    public static async Task<JsonElement> RunAsync(WorkloadBinary binary, string endpointSocket, params string[] args)
    {
        await using var run = Start(binary, endpointSocket, args);
        JsonElement? last = null;
        while (await run.NextAsync(TimeSpan.FromSeconds(120)) is { } message)
            last = message;
        return last ?? throw new InvalidOperationException($"the workload printed nothing\n{run.Output}");
    }

    /// <summary>The next message other than <c>started</c>, or null once the process has ended.</summary>
    public async Task<JsonElement?> NextAsync(TimeSpan timeout)
    {
        while (await _output.NextAsync(timeout) is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var message = document.RootElement.Clone();
            if (message.GetProperty("event").GetString() != "started")
                return message;
        }

        return null;
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
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
