using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Bench.Compromise;

/// <summary>
/// Three Azure-profile silo processes on Azurite with one <c>Aims:Issuer</c>, as
/// <c>tests/Aims.Silo.Tests/Cluster/ThreeSiloCompromiseTests.cs</c> starts them, an operator and an anonymous HTTP client
/// per silo, and an Orleans client that counts activations. The storage is the Azurite <c>AIMS_AZURITE</c> names, or
/// one started here on free ports. Disposing stops every process this class started, by its id.
/// </summary>
internal sealed class CompromiseCluster : IAsyncDisposable
{
    /// <summary>One authorization server identity for every silo.</summary>
    public const string Issuer = "https://issuer.bench.aims.test";

    /// <summary>The audience of a client assertion (RFC 7523 §3): the token endpoint under the shared issuer.</summary>
    public const string TokenEndpoint = Issuer + "/oauth2/token";

    private static readonly TimeSpan ReadyBudget = TimeSpan.FromSeconds(120);

    /// <summary>Longer than the silo tests' default: one agent's grants queue on its audit writes, so a run of 10,000 takes minutes.</summary>
    private static readonly TimeSpan SiloLifetime = TimeSpan.FromMinutes(60);

    private readonly AzuriteProcess? _azurite;
    private readonly List<ExternalTool.TempDirectory> _data = [];
    private readonly List<SiloProcess> _silos = [];
    private readonly List<HttpClient> _operators = [];
    private readonly List<HttpClient> _anonymous = [];
    private ActivationCensus? _census;

    private CompromiseCluster(AzuriteProcess? azurite, string connectionString)
    {
        _azurite = azurite;
        Settings = AzureClusterSettings.Create(connectionString, "cbench");
    }

    public AzureClusterSettings Settings { get; }

    /// <summary>Where the storage came from, for the report.</summary>
    public string Storage => _azurite is null ? $"Azurite from {Azurite.ConnectionStringVariable}" : $"Azurite started by the benchmark (pid {_azurite.ProcessId})";

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public HttpClient Operator(int silo) => _operators[silo];

    public HttpClient Anonymous(int silo) => _anonymous[silo];

    public ActivationCensus Census => _census ?? throw new InvalidOperationException("the cluster is not started");

    public static async Task<CompromiseCluster> StartAsync(TextWriter progress)
    {
        AzuriteProcess? azurite = null;
        var connectionString = Azurite.ConnectionString;
        if (connectionString is null)
        {
            azurite = await AzuriteProcess.StartAsync();
            connectionString = azurite.ConnectionString;
            progress.WriteLine($"azurite started: pid {azurite.ProcessId}");
        }

        var cluster = new CompromiseCluster(azurite, connectionString);
        try
        {
            // Silo 1 first, so exactly one silo creates the trust domain's keys; the others join it.
            await cluster.StartSilo("silo-1").WaitReadyAsync(ReadyBudget);
            SiloProcess[] joining = [cluster.StartSilo("silo-2"), cluster.StartSilo("silo-3")];
            await Task.WhenAll(joining.Select(s => s.WaitReadyAsync(ReadyBudget)));
            cluster.OpenClients();
            cluster._census = await ActivationCensus.ConnectAsync(cluster.Settings, cluster._silos);
            await cluster._census.WaitForSilosAsync(cluster._silos.Count, ReadyBudget);
            progress.WriteLine($"three silos ready ({cluster.Settings.ClusterId}): " +
                string.Join(", ", cluster._silos.Select(s => $"{s.Name} pid {s.ProcessId} {s.HttpUrl}")));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends JSON (or nothing) and expects <paramref name="expected"/>; returns the parsed answer.</summary>
    public async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode? body, HttpStatusCode expected, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await client.SendAsync(request);
        return await ReadAsync(response, expected, $"{method} {path}");
    }

    /// <summary>Posts a form and expects <paramref name="expected"/>; returns the parsed answer.</summary>
    public async Task<JsonElement> PostFormAsync(HttpClient client, string path, HttpStatusCode expected, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response, expected, $"POST {path}");
    }

    /// <summary>The last lines of every silo's log, for failure messages.</summary>
    public string Describe(int lines = 40) => string.Join('\n', _silos.Select(s => s.Describe(lines)));

    public async ValueTask DisposeAsync()
    {
        if (_census is not null)
            await _census.DisposeAsync();
        foreach (var client in _operators.Concat(_anonymous))
            client.Dispose();
        await Task.WhenAll(_silos.Select(async silo =>
        {
            await silo.StopAsync(TimeSpan.FromSeconds(20));
            await silo.DisposeAsync();
        }));
        foreach (var directory in _data)
            directory.Dispose();
        if (_azurite is not null)
            await _azurite.DisposeAsync();
    }

    private SiloProcess StartSilo(string name)
    {
        var data = ExternalTool.CreateTempDirectory();
        var ports = SiloPorts.Allocate();
        var environment = new Dictionary<string, string>(Settings.ToEnvironment(ports))
        {
            ["Aims__Issuer"] = Issuer,
            // The silos log nothing per request: logging would be part of what is measured.
            ["Logging__LogLevel__Default"] = "Warning",
        };
        _data.Add(data);
        var silo = SiloProcess.Start(new SiloStartInfo(name, data.Path, ports, "Azure", environment) { Lifetime = SiloLifetime });
        _silos.Add(silo);
        return silo;
    }

    private async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {text}\n{Describe()}");
        if (text.Length == 0)
            return default;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private void OpenClients()
    {
        foreach (var silo in _silos)
        {
            _operators.Add(silo.CreateHttpClient(asOperator: true));
            _anonymous.Add(silo.CreateHttpClient());
        }
    }
}
