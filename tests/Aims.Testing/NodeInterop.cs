using System.Text.Json;
using Xunit;

namespace Aims.Testing;

/// <summary>
/// Runs the node scripts in <c>tests/interop</c>, which check our tokens with libraries nobody here
/// wrote (jose, oauth4webapi). Install them with <c>npm ci --prefix tests/interop</c>; <c>.ci/run</c>
/// does, and sets <c>AIMS_REQUIRE_NODE_INTEROP=1</c> so that a missing install fails instead of skipping.
/// </summary>
public static class NodeInterop
{
    /// <summary>Environment variable that, when <c>1</c>, turns a missing <c>npm ci</c> into a test failure.</summary>
    public const string RequireVariable = "AIMS_REQUIRE_NODE_INTEROP";

    private const string SolutionFile = "Aims.Orleans.sln";

    private static readonly Lazy<string?> Root = new(FindRepositoryRoot);

    /// <summary>The repository root (the directory holding <c>Aims.Orleans.sln</c>), or null if not found.</summary>
    public static string? RepositoryRoot => Root.Value;

    /// <summary><c>tests/interop</c> of this repository.</summary>
    public static string InteropDirectory =>
        Path.Combine(RepositoryRoot ?? throw new InvalidOperationException($"no {SolutionFile} above {AppContext.BaseDirectory}"), "tests", "interop");

    /// <summary>True when <c>npm ci --prefix tests/interop</c> has run (node_modules/jose exists).</summary>
    public static bool IsInstalled =>
        RepositoryRoot is not null && Directory.Exists(Path.Combine(InteropDirectory, "node_modules", "jose"));

    /// <summary>True when <c>AIMS_REQUIRE_NODE_INTEROP=1</c>.</summary>
    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// Runs <c>verify-jwt-svid.mjs</c> (jose) on a JWT-SVID. <paramref name="bundleJsonOrUrl"/> is the
    /// SPIFFE bundle JSON text, an http(s) URL of it (e.g. <c>http://127.0.0.1:5080/spiffe/bundle</c>)
    /// or a file path. Exit code 0 and a <c>{"ok":true,"sub":…,"aud":…,"header":{…}}</c> line on
    /// success; exit code 1 and <c>{"ok":false,"error":…}</c> otherwise. See <see cref="ParseOutput"/>.
    /// </summary>
    public static Task<ExternalTool.Result> VerifyJwtSvidAsync(string bundleJsonOrUrl, string token, string audience) =>
        WithBundleAsync(bundleJsonOrUrl, bundle => RunScriptAsync("verify-jwt-svid.mjs", bundle, token, audience));

    /// <summary>
    /// Runs <c>verify-jwt-svid.mjs --typ wit+jwt</c> on a WIT-SVID: keys with <c>use</c> <c>wit-svid</c>,
    /// <c>typ</c> must be <c>wit+jwt</c>, no <c>aud</c>, <c>cnf.jwk</c> required and printed as <c>cnf</c>.
    /// </summary>
    public static Task<ExternalTool.Result> VerifyWitAsync(string bundleJsonOrUrl, string token) =>
        WithBundleAsync(bundleJsonOrUrl, bundle => RunScriptAsync("verify-jwt-svid.mjs", "--typ", "wit+jwt", bundle, token));

    /// <summary>Runs <c>node &lt;script&gt; args…</c> in <c>tests/interop</c>.</summary>
    public static Task<ExternalTool.Result> RunScriptAsync(string script, params string[] arguments)
    {
        EnsureInstalled();
        return ExternalTool.RunAsync("node", [script, .. arguments], InteropDirectory);
    }

    /// <summary>The JSON line a script printed on stdout (the last non-empty line).</summary>
    public static JsonElement ParseOutput(ExternalTool.Result result)
    {
        var line = result.StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault()
            ?? throw new InvalidOperationException($"the script printed nothing on stdout (exit {result.ExitCode}); stderr: {result.StdErr}");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    /// <summary>Throws with the way to fix it when <c>npm ci --prefix tests/interop</c> has not run.</summary>
    public static void EnsureInstalled()
    {
        if (!IsInstalled)
            throw new InvalidOperationException(UnavailableReason);
    }

    /// <summary>Why interop checks cannot run here, or null when they can.</summary>
    public static string? UnavailableReason =>
        IsInstalled ? null : $"node interop scripts are not installed: run `npm ci --prefix tests/interop` in the repository root ({RepositoryRoot ?? "not found"})";

    private static async Task<ExternalTool.Result> WithBundleAsync(string bundleJsonOrUrl, Func<string, Task<ExternalTool.Result>> run)
    {
        if (!bundleJsonOrUrl.TrimStart().StartsWith('{'))
            return await run(bundleJsonOrUrl);

        using var temp = ExternalTool.CreateTempDirectory();
        var file = temp.File("bundle.json");
        await File.WriteAllTextAsync(file, bundleJsonOrUrl);
        return await run(file);
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                return dir.FullName;
        }

        // Built with --artifacts-path outside the repository: the root recorded at build time.
        var recorded = typeof(NodeInterop).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return recorded is not null && File.Exists(Path.Combine(recorded, SolutionFile)) ? recorded : null;
    }
}

/// <summary>
/// A fact that needs the node interop scripts. It is skipped when <c>tests/interop/node_modules</c> is
/// missing, unless <c>AIMS_REQUIRE_NODE_INTEROP=1</c>, in which case it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NodeInteropFactAttribute : FactAttribute
{
    public NodeInteropFactAttribute()
    {
        if (!NodeInterop.IsRequired && NodeInterop.UnavailableReason is { } reason)
            Skip = reason;
    }
}
