using System.Diagnostics;
using System.Net.Sockets;
using Xunit;

namespace Aims.Testing;

/// <summary>
/// A real software TPM 2.0 (<c>swtpm</c>, Debian packages swtpm and swtpm-tools) on free loopback ports, driven with
/// <c>tpm2-tools</c> over the swtpm TCTI, in a temporary directory that holds its state and the tools' files. There is
/// no resource manager, so every command is followed by <c>tpm2_flushcontext -t</c> (swtpm has 3 object slots; see
/// the de-risk notes). The process is killed and the directory deleted on dispose.
/// </summary>
public sealed class SoftwareTpm : IAsyncDisposable
{
    /// <summary>Environment variable that, when <c>1</c>, turns a missing swtpm or tpm2-tools into a test failure.</summary>
    public const string RequireVariable = "AIMS_REQUIRE_TPM";

    private static readonly string[] Tools = ["swtpm", "tpm2_createek", "tpm2_createak", "tpm2_quote", "tpm2_pcrread", "tpm2_pcrextend", "tpm2_flushcontext"];

    private readonly Process _process;
    private readonly ExternalTool.TempDirectory _directory;
    private readonly Dictionary<string, string> _environment;

    private SoftwareTpm(Process process, ExternalTool.TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        _environment = new Dictionary<string, string> { ["TPM2TOOLS_TCTI"] = $"swtpm:host=127.0.0.1,port={port}" };
    }

    /// <summary>Why TPM tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason
    {
        get
        {
            var missing = Tools.Where(tool => !OnPath(tool)).ToList();
            return missing.Count == 0 ? null : $"{string.Join(", ", missing)} not found: apt-get install swtpm swtpm-tools tpm2-tools";
        }
    }

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The tpm2-tools TCTI that reaches this TPM (<c>TPM2TOOLS_TCTI</c>), for programs that run the tools themselves.</summary>
    public string Tcti => _environment["TPM2TOOLS_TCTI"];

    /// <summary>The directory the tools read and write files in.</summary>
    public string Directory => _directory.Path;

    public string File(string name) => _directory.File(name);

    /// <summary>Starts swtpm (TPM 2.0, startup-clear) and waits until its command port accepts connections.</summary>
    public static async Task<SoftwareTpm> StartAsync()
    {
        if (UnavailableReason is { } reason)
            throw new InvalidOperationException(reason);

        var directory = ExternalTool.CreateTempDirectory();
        System.IO.Directory.CreateDirectory(directory.File("state"));
        var ports = ConsecutivePorts();
        var psi = new ProcessStartInfo("swtpm")
        {
            // swtpm writes nothing while it runs; stderr is read only if it exits early.
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "socket", "--tpm2", "--tpmstate", $"dir={directory.File("state")}",
            "--server", $"type=tcp,port={ports[0]},bindaddr=127.0.0.1", "--ctrl", $"type=tcp,port={ports[1]},bindaddr=127.0.0.1",
            "--flags", "not-need-init,startup-clear",
        })
            psi.ArgumentList.Add(argument);

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start swtpm");
        var tpm = new SoftwareTpm(process, directory, ports[0]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", ports[0], timeout.Token);
                return tpm;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (SocketException)
            {
                var error = await process.StandardError.ReadToEndAsync(timeout.Token);
                await tpm.DisposeAsync();
                throw new InvalidOperationException($"swtpm exited with {process.ExitCode}: {error}");
            }
        }
    }

    /// <summary>Runs one tpm2-tools command in <see cref="Directory"/>, then flushes transient objects; fails with its output on error.</summary>
    public async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var result = await ExternalTool.RunAsync(tool, arguments, Directory, environment: _environment);
        var flushed = await ExternalTool.RunAsync("tpm2_flushcontext", ["-t"], Directory, environment: _environment);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
        if (flushed.ExitCode != 0)
            throw new InvalidOperationException($"tpm2_flushcontext -t failed: {flushed.Output}");
        return result.StdOut;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _directory.Dispose();
    }

    /// <summary>The swtpm TCTI reaches the control channel on the command port + 1, so the two must be neighbours.</summary>
    private static int[] ConsecutivePorts()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = FreePorts.Next();
            if (port >= 65535)
                continue;
            try
            {
                var listener = new TcpListener(System.Net.IPAddress.Loopback, port + 1);
                listener.Start();
                listener.Stop();
                return [port, port + 1];
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("found no two neighbouring free ports for swtpm");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => System.IO.File.Exists(Path.Combine(dir, tool)));
}

/// <summary>
/// A fact that needs a real software TPM. It is skipped when swtpm or tpm2-tools are missing, unless
/// <c>AIMS_REQUIRE_TPM=1</c> (set by <c>.ci/run</c> after installing them), in which case it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TpmFactAttribute : FactAttribute
{
    public TpmFactAttribute()
    {
        if (!SoftwareTpm.IsRequired && SoftwareTpm.UnavailableReason is { } reason)
            Skip = reason;
    }
}

/// <summary>A theory that needs a real software TPM; skipped like <see cref="TpmFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TpmTheoryAttribute : TheoryAttribute
{
    public TpmTheoryAttribute()
    {
        if (!SoftwareTpm.IsRequired && SoftwareTpm.UnavailableReason is { } reason)
            Skip = reason;
    }
}
