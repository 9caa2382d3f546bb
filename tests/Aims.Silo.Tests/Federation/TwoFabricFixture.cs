using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Testing;

namespace Aims.Silo.Tests.Federation;

/// <summary>
/// Two fabrics with their own trust domains, each one Local-profile silo process on its own data directory and free
/// ports: <see cref="A"/> (<c>a.test</c>) and <see cref="B"/> (<c>b.test</c>). B federates with A over https_spiffe,
/// its bootstrap bundle being A's bundle as fetched here before B starts; A federates with B over https_web on
/// loopback plain http. Subclasses add configuration through <see cref="ConfigureA"/> and <see cref="ConfigureB"/>
/// (e.g. more relationships, users, trusted issuers for identity chaining).
/// </summary>
public class TwoFabricFixture : IAsyncLifetime
{
    public const string TrustDomainA = "a.test";
    public const string TrustDomainB = "b.test";

    private readonly ExternalTool.TempDirectory _dataA = ExternalTool.CreateTempDirectory();
    private readonly ExternalTool.TempDirectory _dataB = ExternalTool.CreateTempDirectory();
    private SiloProcess? _a;
    private SiloProcess? _b;

    public SiloProcess A => _a ?? throw new InvalidOperationException("fabric A has not started");

    public SiloProcess B => _b ?? throw new InvalidOperationException("fabric B has not started");

    /// <summary>Ports of A and B, allocated before either starts so each can be configured with the other's URLs.</summary>
    public SiloPorts PortsA { get; } = SiloPorts.Allocate();

    public SiloPorts PortsB { get; } = SiloPorts.Allocate();

    /// <summary>A's bundle as fetched before B started: B's bootstrap bundle for A.</summary>
    public string BootstrapBundleOfA { get; private set; } = string.Empty;

    public static string HttpUrl(SiloPorts ports) => $"http://127.0.0.1:{ports.Http}";

    public static string HttpsUrl(SiloPorts ports) => $"https://127.0.0.1:{ports.Https}";

    public virtual async Task InitializeAsync()
    {
        var a = Common(TrustDomainA, PortsA);
        AddRelationship(a, 0, TrustDomainB, HttpUrl(PortsB) + "/spiffe/bundle", "https_web");
        ConfigureA(a);
        _a = SiloProcess.StartLocal("fabric-a", _dataA.Path, PortsA, a);
        await _a.WaitReadyAsync();
        using (var http = _a.CreateHttpClient())
            BootstrapBundleOfA = await http.GetStringAsync(new Uri("/spiffe/bundle", UriKind.Relative));

        var b = Common(TrustDomainB, PortsB);
        AddRelationship(b, 0, TrustDomainA, HttpsUrl(PortsA) + "/spiffe/bundle", "https_spiffe", $"spiffe://{TrustDomainA}/aims/silo", BootstrapBundleOfA);
        ConfigureB(b);
        _b = SiloProcess.StartLocal("fabric-b", _dataB.Path, PortsB, b);
        await _b.WaitReadyAsync();

        // A's first fetch ran while B was still down; its next attempt would wait the default five minutes.
        await WaitUntilCurrentAsync(_a, TrustDomainB);
        await WaitUntilCurrentAsync(_b, TrustDomainA);
    }

    public virtual async Task DisposeAsync()
    {
        try
        {
            if (_b is not null)
                await _b.DisposeAsync();
            if (_a is not null)
                await _a.DisposeAsync();
        }
        finally
        {
            _dataA.Dispose();
            _dataB.Dispose();
        }
    }

    /// <summary>Adds <c>Aims:Federation:Relationships:<paramref name="index"/></c> to a silo's environment.</summary>
    public static void AddRelationship(
        IDictionary<string, string> environment, int index, string trustDomain, string url, string profile, string? endpointSpiffeId = null, string? bootstrapBundle = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var prefix = $"Aims__Federation__Relationships__{index.ToString(CultureInfo.InvariantCulture)}__";
        environment[prefix + "TrustDomain"] = trustDomain;
        environment[prefix + "BundleEndpointUrl"] = url;
        environment[prefix + "Profile"] = profile;
        if (endpointSpiffeId is not null)
            environment[prefix + "EndpointSpiffeId"] = endpointSpiffeId;
        if (bootstrapBundle is not null)
            environment[prefix + "BootstrapBundle"] = bootstrapBundle;
    }

    /// <summary>The silo's federation status of <paramref name="trustDomain"/> as <c>GET /v1/federation</c> reports it.</summary>
    public static async Task<JsonElement> StatusAsync(SiloProcess silo, string trustDomain)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using var http = silo.CreateHttpClient(asOperator: true);
        var list = await http.GetFromJsonAsync<JsonElement>(new Uri("/v1/federation", UriKind.Relative));
        return list.GetProperty("relationships").EnumerateArray().Single(r => r.GetProperty("trust_domain").GetString() == trustDomain).Clone();
    }

    /// <summary>Asks for a refresh until the relationship is current (the peer may still be starting), for at most a minute.</summary>
    public static async Task WaitUntilCurrentAsync(SiloProcess silo, string trustDomain)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using var http = silo.CreateHttpClient(asOperator: true);
        var last = "no answer";
        for (var attempt = 0; attempt < 60; attempt++)
        {
            using var response = await http.PostAsync(new Uri($"/v1/federation/{trustDomain}/refresh", UriKind.Relative), null);
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && JsonDocument.Parse(last).RootElement.GetProperty("state").GetString() == "current")
                return;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"{silo.Name} never got a current bundle of {trustDomain}; last status: {last}\n{silo.Describe()}");
    }

    /// <summary>More configuration for A, applied after the defaults and A's relationship with B (index 0).</summary>
    protected virtual void ConfigureA(IDictionary<string, string> environment)
    {
    }

    /// <summary>More configuration for B, applied after the defaults and B's relationship with A (index 0).</summary>
    protected virtual void ConfigureB(IDictionary<string, string> environment)
    {
    }

    private static Dictionary<string, string> Common(string trustDomain, SiloPorts ports) => new()
    {
        ["Aims__TrustDomain"] = trustDomain,
        ["Aims__Issuer"] = HttpUrl(ports),
        ["Aims__Federation__MinRefreshSeconds"] = "1",
    };
}
