using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Aims.Testing;

/// <summary>The four ports one silo process listens on, all on 127.0.0.1.</summary>
public sealed record SiloPorts(int Http, int Https, int Silo, int Gateway)
{
    /// <summary>Four fresh free ports.</summary>
    public static SiloPorts Allocate()
    {
        var p = FreePorts.Take(4);
        return new SiloPorts(p[0], p[1], p[2], p[3]);
    }
}

/// <summary>How to start one silo process: profile, data directory, ports, and extra configuration.</summary>
/// <param name="Name">A label for failure messages, e.g. <c>silo-A</c>.</param>
/// <param name="DataDirectory"><c>Aims__DataDirectory</c>.</param>
/// <param name="Ports">Kestrel HTTP/HTTPS ports and the Orleans silo/gateway ports.</param>
/// <param name="Profile"><c>Local</c> or <c>Azure</c>.</param>
/// <param name="Environment">Extra environment variables (e.g. <c>Aims__Azure__ClusterId</c>); they win over the defaults.</param>
public sealed record SiloStartInfo(
    string Name,
    string DataDirectory,
    SiloPorts Ports,
    string Profile = "Local",
    IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>How long <c>timeout</c> lets the process live (default <see cref="SiloProcess.MaxLifetime"/>); a long benchmark asks for more.</summary>
    public TimeSpan Lifetime { get; init; } = SiloProcess.MaxLifetime;

    /// <summary>The operator token given through <c>Aims__AdminToken</c>, if any.</summary>
    public string? ConfiguredAdminToken =>
        Environment is not null && Environment.TryGetValue("Aims__AdminToken", out var token) && !string.IsNullOrWhiteSpace(token) ? token : null;
}

/// <summary>Settings every silo of one Azure-profile cluster shares.</summary>
/// <param name="ConnectionString">Storage connection string (Azurite: <c>UseDevelopmentStorage=true</c>).</param>
/// <param name="ClusterId">Orleans ClusterId; unique per test (see <see cref="Azurite.NewRun"/>).</param>
/// <param name="ServiceId">Orleans ServiceId; grain state and reminders are keyed by it.</param>
/// <param name="AdminToken">Operator token; all silos must share it.</param>
/// <param name="KeyEncryptionKey">Base64 of the 32-byte KEK; all silos must share it.</param>
public sealed record AzureClusterSettings(string ConnectionString, string ClusterId, string ServiceId, string AdminToken, string KeyEncryptionKey)
{
    /// <summary>Settings for a new cluster on the given storage, with fresh ids, operator token and KEK.</summary>
    public static AzureClusterSettings Create(string connectionString, string name)
    {
        var run = Azurite.NewRun(name);
        return new AzureClusterSettings(
            connectionString,
            run.ClusterId,
            run.ServiceId,
            Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>The <c>Aims__*</c> variables that make a silo with <paramref name="ports"/> join this cluster.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment(SiloPorts ports) => new Dictionary<string, string>
    {
        ["Aims__Azure__ConnectionString"] = ConnectionString,
        ["Aims__Azure__ClusterId"] = ClusterId,
        ["Aims__Azure__ServiceId"] = ServiceId,
        ["Aims__Azure__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
        ["Aims__Azure__GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
        ["Aims__AdminToken"] = AdminToken,
        ["Aims__KeyEncryptionKey"] = KeyEncryptionKey,

        // One authorization server identity for the whole cluster (the Azure profile requires it).
        ["Aims__Issuer"] = $"http://{ClusterId.ToLowerInvariant()}.aims.test",
    };
}

/// <summary>
/// <c>dotnet Aims.Silo.dll</c> as a child process, bound to 127.0.0.1 only, with its output captured for
/// failure messages. Disposing kills it (SIGKILL, whole process tree) if it is still running.
/// </summary>
/// <remarks>
/// <para>The silo is found next to the test assembly (a test project that references <c>Aims.Silo.csproj</c>
/// gets <c>Aims.Silo.dll</c> and its runtimeconfig copied there), else at <c>AIMS_SILO_DLL</c>.</para>
/// <para>On Linux the process runs under <c>timeout</c>, so a silo outlives a crashed test host by
/// at most <see cref="SiloStartInfo.Lifetime"/> (<see cref="MaxLifetime"/> unless asked otherwise).</para>
/// </remarks>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>Environment variable with the path of <c>Aims.Silo.dll</c> when it is not next to the tests.</summary>
    public const string SiloDllVariable = "AIMS_SILO_DLL";

    private const string SiloDll = "Aims.Silo.dll";
    private const string SiloRuntimeConfig = "Aims.Silo.runtimeconfig.json";
    private const int MaxLogLines = 4000;

    /// <summary>The longest a silo process may live; <c>timeout</c> kills it after that even if nobody else does.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(15);

    /// <summary>How long <see cref="WaitReadyAsync"/> waits by default for <c>GET /healthz</c> to answer 200.</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] InheritedVariablesToDrop =
        ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly Lock _logGate = new();
    private readonly Stopwatch _age = Stopwatch.StartNew();
    private int _droppedLines;

    private SiloProcess(SiloStartInfo info, Process process)
    {
        Info = info;
        _process = process;
    }

    public SiloStartInfo Info { get; }

    public string Name => Info.Name;

    public string DataDirectory => Info.DataDirectory;

    public SiloPorts Ports => Info.Ports;

    public string HttpUrl => $"http://127.0.0.1:{Ports.Http}";

    public string HttpsUrl => $"https://127.0.0.1:{Ports.Https}";

    /// <summary>The id of the started process (the <c>timeout</c> wrapper on Linux; signals reach the silo through it).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited (0 after a clean shutdown on SIGTERM), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// The operator token: the configured <c>Aims__AdminToken</c>, else the content of
    /// <c>&lt;DataDirectory&gt;/admin.token</c> (written by the silo on first start).
    /// </summary>
    public string AdminToken
    {
        get
        {
            if (Info.ConfiguredAdminToken is { } configured)
                return configured;
            var path = Path.Combine(DataDirectory, "admin.token");
            if (!File.Exists(path))
                throw new InvalidOperationException($"{Name}: {path} does not exist (is the silo ready?)\n{Describe()}");
            return File.ReadAllText(path).Trim();
        }
    }

    /// <summary>Everything the process printed so far (the last <c>4000</c> lines).</summary>
    public string Log => LogTail(MaxLogLines);

    /// <summary>The last <paramref name="lines"/> lines the process printed.</summary>
    public string LogTail(int lines)
    {
        lock (_logGate)
        {
            var skip = Math.Max(0, _log.Count - lines);
            var text = new StringBuilder();
            if (_droppedLines + skip > 0)
                text.Append(CultureInfo.InvariantCulture, $"[… {_droppedLines + skip} earlier lines left out …]\n");
            foreach (var line in _log.Skip(skip))
                text.Append(line).Append('\n');
            return text.ToString();
        }
    }

    /// <summary>A Local-profile silo on <paramref name="dataDirectory"/> (SQLite state, generated admin token and KEK).</summary>
    public static SiloProcess StartLocal(string name, string dataDirectory, SiloPorts? ports = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(new SiloStartInfo(name, dataDirectory, ports ?? SiloPorts.Allocate(), "Local", environment));

    /// <summary>An Azure-profile silo that joins the cluster described by <paramref name="cluster"/>.</summary>
    public static SiloProcess StartAzure(string name, string dataDirectory, AzureClusterSettings cluster, SiloPorts? ports = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var p = ports ?? SiloPorts.Allocate();
        return Start(new SiloStartInfo(name, dataDirectory, p, "Azure", cluster.ToEnvironment(p)));
    }

    /// <summary>Starts the process; call <see cref="WaitReadyAsync"/> before sending requests.</summary>
    public static SiloProcess Start(SiloStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var dll = LocateSiloDll();
        var dotnet = LocateDotnetHost();
        Directory.CreateDirectory(info.DataDirectory);

        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };

        var timeoutTool = OperatingSystem.IsWindows() ? null : new[] { "/usr/bin/timeout", "/bin/timeout" }.FirstOrDefault(File.Exists);
        if (timeoutTool is not null)
        {
            psi.FileName = timeoutTool;
            psi.ArgumentList.Add("--kill-after=10s");
            psi.ArgumentList.Add(((int)info.Lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
            psi.ArgumentList.Add(dotnet);
        }
        else
        {
            psi.FileName = dotnet;
        }

        psi.ArgumentList.Add(dll);

        foreach (var key in psi.Environment.Keys.ToList())
        {
            if (key.StartsWith("Aims__", StringComparison.OrdinalIgnoreCase) || InheritedVariablesToDrop.Contains(key, StringComparer.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        }

        var ports = info.Ports;
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports.Http};https://127.0.0.1:{ports.Https}";
        psi.Environment["Aims__Profile"] = info.Profile;
        psi.Environment["Aims__DataDirectory"] = info.DataDirectory;
        psi.Environment["Aims__Local__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture);
        psi.Environment["Aims__Local__GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture);
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        psi.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        psi.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        if (info.Environment is not null)
        {
            foreach (var (key, value) in info.Environment)
                psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var silo = new SiloProcess(info, process);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data is null ? null : "stderr: " + e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"could not start {psi.FileName} {string.Join(' ', psi.ArgumentList)}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>
    /// Polls <c>GET /healthz</c> until it answers 200, for at most <paramref name="timeout"/>
    /// (default <see cref="DefaultReadyTimeout"/>). Throws with the captured log if the process exits or the time runs out.
    /// </summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var budget = timeout ?? DefaultReadyTimeout;
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string last = "no answer yet";
        while (clock.Elapsed < budget)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready\n{Describe()}");
            try
            {
                using var response = await http.GetAsync(new Uri(HttpUrl + "/healthz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "GET /healthz timed out after 5 s";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"{Name} was not ready within {budget.TotalSeconds:0} s (last /healthz: {last})\n{Describe()}");
    }

    /// <summary>An HTTP client for <see cref="HttpUrl"/>, with the operator token if <paramref name="asOperator"/>.</summary>
    public HttpClient CreateHttpClient(bool asOperator = false)
    {
        var client = new HttpClient { BaseAddress = new Uri(HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        if (asOperator)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>
    /// An HTTPS client for <see cref="HttpsUrl"/> that presents <paramref name="clientCertificate"/> (with its private key)
    /// in the TLS handshake, or no certificate when null. It accepts whatever certificate the silo serves: the test talks
    /// to a process it started on 127.0.0.1, whose TLS certificate is self-signed.
    /// </summary>
    public HttpClient CreateHttpsClient(X509Certificate2? clientCertificate)
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, serverCertificate, _, _) => serverCertificate is not null,
        };
        if (clientCertificate is not null)
            handler.ClientCertificates.Add(clientCertificate);
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(HttpsUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>SIGKILL of the silo and everything it started; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            Append($"[test] SIGKILL at {_age.Elapsed.TotalSeconds:0.0} s");
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited in between
            }
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM (graceful shutdown), then waits up to <paramref name="timeout"/> (default 30 s) and SIGKILLs if still running.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
            return;
        Append($"[test] SIGTERM at {_age.Elapsed.TotalSeconds:0.0} s");
        if (OperatingSystem.IsWindows())
        {
            await KillAsync();
            return;
        }

        await ExternalTool.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        if (!await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30)))
            await KillAsync();
    }

    /// <summary>The name, ports, state and the last <paramref name="lines"/> lines of output, for assertion messages.</summary>
    public string Describe(int lines = 300)
    {
        var state = _process.HasExited ? $"exited with {_process.ExitCode}" : "running";
        return $"--- {Name} ({Info.Profile}, pid {SafeId()}, {state}, http {Ports.Http}, https {Ports.Https}, silo {Ports.Silo}, gateway {Ports.Gateway}, data {DataDirectory}) ---\n{LogTail(lines)}--- end of {Name} ---";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>
    /// <c>Aims.Silo.dll</c> next to the test assembly (with its runtimeconfig), else <c>AIMS_SILO_DLL</c>, else the
    /// silo's own build output (artifacts layout or <c>silo/Aims.Silo/bin</c>).
    /// </summary>
    public static string LocateSiloDll()
    {
        var tried = new List<string>();
        bool Usable(string? path)
        {
            if (string.IsNullOrWhiteSpace(path))
                return false;
            tried.Add(path);
            return File.Exists(path) && File.Exists(Path.ChangeExtension(path, null) + ".runtimeconfig.json");
        }

        var nextToTests = Path.Combine(AppContext.BaseDirectory, SiloDll);
        if (Usable(nextToTests))
            return nextToTests;

        var configured = Environment.GetEnvironmentVariable(SiloDllVariable);
        if (Usable(configured))
            return Path.GetFullPath(configured!);

        // --artifacts-path layout: <artifacts>/bin/<Project>/<pivot>/, so the silo is at ../../Aims.Silo/<pivot>/.
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (baseDir.Parent?.Parent is { } binRoot)
        {
            var sibling = Path.Combine(binRoot.FullName, "Aims.Silo", baseDir.Name, SiloDll);
            if (Usable(sibling))
                return sibling;
        }

        if (NodeInterop.RepositoryRoot is { } root)
        {
            foreach (var configuration in new[] { "Debug", "Release" })
            {
                var classic = Path.Combine(root, "silo", "Aims.Silo", "bin", configuration, "net10.0", SiloDll);
                if (Usable(classic))
                    return classic;
            }
        }

        throw new FileNotFoundException(
            $"{SiloDll} (with {SiloRuntimeConfig}) was not found. Reference silo/Aims.Silo/Aims.Silo.csproj from the test project " +
            $"or set {SiloDllVariable}. Looked at: {string.Join(", ", tried)}");
    }

    private static string LocateDotnetHost()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
            return hostPath;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return self;
        return "dotnet";
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private string SafeId()
    {
        try
        {
            return _process.Id.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_logGate)
        {
            _log.Enqueue(line);
            while (_log.Count > MaxLogLines)
            {
                _log.Dequeue();
                _droppedLines++;
            }
        }
    }
}
