using System.Net.Sockets;
using System.Security.Cryptography;
using Xunit;

namespace Aims.Testing;

/// <summary>
/// The Azurite storage emulator that tests of the Azure profile run against.
/// <c>.ci/run</c> starts it on 127.0.0.1:10000-10002 and sets <c>AIMS_AZURITE</c> and
/// <c>AIMS_REQUIRE_AZURITE=1</c>. Locally, start it with
/// <c>npm ci --prefix tests/interop &amp;&amp; npm run --prefix tests/interop azurite</c> and
/// <c>export AIMS_AZURITE=UseDevelopmentStorage=true</c>.
/// </summary>
/// <remarks>
/// One Azurite serves every test of a run (and possibly several runs), so each test must use
/// its own ClusterId/ServiceId and table/queue names: see <see cref="NewRun"/>.
/// </remarks>
public static class Azurite
{
    /// <summary>Environment variable with the storage connection string (e.g. <c>UseDevelopmentStorage=true</c>).</summary>
    public const string ConnectionStringVariable = "AIMS_AZURITE";

    /// <summary>Environment variable that, when <c>1</c>, turns a missing Azurite into a test failure.</summary>
    public const string RequireVariable = "AIMS_REQUIRE_AZURITE";

    /// <summary>The default Table service port; the last of the three services to listen.</summary>
    public const int DefaultTablePort = 10002;

    private static readonly Lazy<bool> Reachable = new(() => Enumerable.Range(0, 3).Any(_ => CanConnect(TablePort, TimeSpan.FromSeconds(2))));

    /// <summary>
    /// The Table service port: the one the connection string's <c>TableEndpoint</c> names (an Azurite started on other
    /// ports, e.g. beside the one CI uses), else <see cref="DefaultTablePort"/>.
    /// </summary>
    public static int TablePort
    {
        get
        {
            foreach (var part in (ConnectionString ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part.StartsWith("TableEndpoint=", StringComparison.OrdinalIgnoreCase)
                    && Uri.TryCreate(part["TableEndpoint=".Length..], UriKind.Absolute, out var endpoint))
                    return endpoint.Port;
            }

            return DefaultTablePort;
        }
    }

    /// <summary>The value of <c>AIMS_AZURITE</c>, or null when it is not set.</summary>
    public static string? ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:10002 (checked once per process, three tries of 2 s).</summary>
    public static bool IsAvailable => Reachable.Value;

    /// <summary>True when <c>AIMS_REQUIRE_AZURITE=1</c>: tests must fail, not skip, when Azurite is absent.</summary>
    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// Why an Azurite test cannot run here, or null when it can (<see cref="ConnectionString"/> set and
    /// <see cref="IsAvailable"/>).
    /// </summary>
    public static string? UnavailableReason =>
        ConnectionString is null
            ? $"Azurite tests need {ConnectionStringVariable} (e.g. UseDevelopmentStorage=true) and Azurite on 127.0.0.1:10000-10002; .ci/run sets both up"
            : !IsAvailable
                ? $"{ConnectionStringVariable} is set but nothing listens on 127.0.0.1:{TablePort}; start Azurite (npm run --prefix tests/interop azurite)"
                : null;

    /// <summary>
    /// The connection string for a test that is about to use Azurite. Throws (so the test fails) when
    /// Azurite cannot be used; tests that should skip instead use <see cref="AzuriteFactAttribute"/>.
    /// </summary>
    public static string RequireConnectionString() =>
        UnavailableReason is { } reason
            ? throw new InvalidOperationException(reason + (IsRequired ? $" ({RequireVariable}=1, so this is a failure)" : string.Empty))
            : ConnectionString!;

    /// <summary>
    /// A fresh, table-name-safe prefix: a letter followed by 15 lowercase letters and digits
    /// (e.g. <c>t3f9c0a1b2d4e5f6</c>). Azure table names are 3-63 alphanumeric characters and must
    /// not start with a digit, so <c>prefix + "Reminders"</c> is a valid table name.
    /// </summary>
    public static string UniqueTablePrefix() => "t" + RandomHex(15);

    /// <summary>Fresh names for one test (or one fixture) so that runs sharing an Azurite do not collide.</summary>
    public static AzuriteRun NewRun(string name = "test")
    {
        var prefix = UniqueTablePrefix();
        var label = Sanitize(name);
        return new AzuriteRun(
            ClusterId: $"aims-{label}-{prefix}",
            ServiceId: $"aims-{label}-{prefix}",
            TablePrefix: prefix,
            QueuePrefix: $"{prefix}-");
    }

    private static bool CanConnect(int port, TimeSpan timeout)
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(timeout);
            client.ConnectAsync("127.0.0.1", port, cts.Token).AsTask().GetAwaiter().GetResult();
            return client.Connected;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private static string RandomHex(int length) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((length + 1) / 2))[..length];

    private static string Sanitize(string name)
    {
        var chars = name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray();
        return chars.Length == 0 ? "test" : new string(chars);
    }
}

/// <summary>Names unique to one test run against a shared Azurite.</summary>
/// <param name="ClusterId">For <c>ClusterOptions.ClusterId</c>.</param>
/// <param name="ServiceId">For <c>ClusterOptions.ServiceId</c> (grain state and reminders are keyed by it).</param>
/// <param name="TablePrefix">Alphanumeric, starts with a letter: append a suffix to get a table name.</param>
/// <param name="QueuePrefix">Lowercase with a trailing dash: append a suffix to get a queue name.</param>
public sealed record AzuriteRun(string ClusterId, string ServiceId, string TablePrefix, string QueuePrefix)
{
    /// <summary>A table name for this run, e.g. <c>Table("Grains")</c> → <c>t3f9c0a1b2d4e5f6Grains</c>.</summary>
    public string Table(string suffix) => TablePrefix + suffix;

    /// <summary>A queue name for this run, e.g. <c>Queue("security-0")</c>.</summary>
    public string Queue(string suffix) => QueuePrefix + suffix.ToLowerInvariant();
}

/// <summary>
/// A fact that needs Azurite. It is skipped when Azurite is absent, unless
/// <c>AIMS_REQUIRE_AZURITE=1</c>, in which case it runs and must fail (call
/// <see cref="Azurite.RequireConnectionString"/> to get the connection string).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute()
    {
        if (!Azurite.IsRequired && Azurite.UnavailableReason is { } reason)
            Skip = reason;
    }
}
