using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Aims.Testing;

namespace Aims.Bench.Compromise;

/// <summary>
/// An Azurite of the benchmark's own (the npm package under <c>tests/interop</c>), in memory, on three free loopback
/// ports, for when <c>AIMS_AZURITE</c> names none. Disposing kills it by its process id. Like the silos it runs under
/// <c>timeout</c>, so a benchmark that crashes leaves it behind for at most <see cref="MaxLifetime"/>.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (it accepts no other), as in every Azurite connection string.</summary>
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(60);
    private static readonly TimeSpan ReadyBudget = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly int[] _ports;

    private AzuriteProcess(Process process, int[] ports)
    {
        _process = process;
        _ports = ports;
    }

    /// <summary>The process id (the <c>timeout</c> wrapper; killing its tree ends Azurite).</summary>
    public int ProcessId => _process.Id;

    /// <summary>A connection string for the blob, queue and table endpoints of this Azurite.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_ports[0]}/{Account};QueueEndpoint=http://127.0.0.1:{_ports[1]}/{Account};" +
        $"TableEndpoint=http://127.0.0.1:{_ports[2]}/{Account};";

    public static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = Path.Combine(NodeInterop.InteropDirectory, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
            throw new FileNotFoundException($"{azurite} is missing: run `npm ci --prefix tests/interop`, or set {Aims.Testing.Azurite.ConnectionStringVariable}");

        var ports = FreePorts.Take(3);
        var psi = new ProcessStartInfo("/usr/bin/timeout")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--kill-after=10s", ((int)MaxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s", azurite,
                     "--inMemoryPersistence", "--disableTelemetry", "--silent", "--skipApiVersionCheck",
                     "--blobHost", "127.0.0.1", "--blobPort", Port(ports[0]),
                     "--queueHost", "127.0.0.1", "--queuePort", Port(ports[1]),
                     "--tableHost", "127.0.0.1", "--tablePort", Port(ports[2]),
                 })
        {
            psi.ArgumentList.Add(argument);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start azurite");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new AzuriteProcess(process, ports);
        try
        {
            await started.WaitListeningAsync();
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>Until every one of the three ports accepts a connection.</summary>
    private async Task WaitListeningAsync()
    {
        var clock = Stopwatch.StartNew();
        foreach (var port in _ports)
        {
            while (true)
            {
                if (_process.HasExited)
                    throw new InvalidOperationException($"azurite exited with code {_process.ExitCode} before it listened");
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port);
                    break;
                }
                catch (SocketException) when (clock.Elapsed < ReadyBudget)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
