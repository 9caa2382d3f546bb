using Xunit;

namespace Aims.Testing;

/// <summary>
/// The Debian <c>chromium</c> package that browser tests drive through Playwright (no <c>playwright install</c>:
/// the browser comes from the OS, the driver from the NuGet package). <c>.ci/run</c> installs it and sets
/// <c>AIMS_REQUIRE_BROWSER=1</c> so that a missing browser fails instead of skipping. Locally:
/// <c>apt-get install chromium</c>.
/// </summary>
public static class Chromium
{
    /// <summary>Environment variable that, when <c>1</c>, turns a missing chromium into a test failure.</summary>
    public const string RequireVariable = "AIMS_REQUIRE_BROWSER";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    /// <summary>
    /// Flags for a headless browser in a container running as root: no sandbox (it needs user namespaces), no GPU,
    /// and none of the background traffic a desktop browser makes (updates, sync), which has nowhere to go here.
    /// </summary>
    public static readonly IReadOnlyList<string> LaunchArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    /// <summary>The chromium executable, or null when none is installed.</summary>
    public static string? ExecutablePath => Candidates.FirstOrDefault(File.Exists);

    /// <summary>True when <c>AIMS_REQUIRE_BROWSER=1</c>.</summary>
    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason =>
        ExecutablePath is null ? $"chromium is not installed (looked for {string.Join(", ", Candidates)}): apt-get install chromium" : null;

    /// <summary>The executable, or an exception that says how to install it.</summary>
    public static string RequireExecutablePath() => ExecutablePath ?? throw new InvalidOperationException(UnavailableReason);
}

/// <summary>
/// A fact that drives a real browser. It is skipped when chromium is missing, unless <c>AIMS_REQUIRE_BROWSER=1</c>,
/// in which case it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsRequired && Chromium.UnavailableReason is { } reason)
            Skip = reason;
    }
}
