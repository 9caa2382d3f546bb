namespace Aims.Cli.CommandLine;

/// <summary>
/// A token given on the command line as the value itself, as <c>@file</c>, or as <c>-</c> for standard input. Reading
/// from a file or a pipe keeps bearer tokens out of the shell history and out of <c>ps</c>.
/// </summary>
internal static class TokenArgument
{
    public const string StandardInput = "-";
    public const string FilePrefix = "@";

    /// <summary>Checks that at most one of the options reads standard input: it can be read only once.</summary>
    public static void AtMostOneFromStandardInput(ParsedArguments args, params IReadOnlyList<string> options)
    {
        var fromStdin = options.Where(o => args.Value(o) == StandardInput).Select(o => "--" + o).ToList();
        if (fromStdin.Count > 1)
            throw new UsageException($"only one of {string.Join(", ", fromStdin)} can be read from standard input ('-').");
    }

    /// <summary>The token named by <paramref name="option"/>, trimmed; a usage error when it is missing, unreadable or empty.</summary>
    public static async Task<string> ReadAsync(ParsedArguments args, string option, TextReader input, CancellationToken cancellationToken) =>
        await ReadOptionalAsync(args, option, input, cancellationToken)
            ?? throw new UsageException($"--{option} <token|@file|-> is required.");

    /// <summary>The token named by <paramref name="option"/>, trimmed, or null when the option is absent.</summary>
    public static async Task<string?> ReadOptionalAsync(ParsedArguments args, string option, TextReader input, CancellationToken cancellationToken)
    {
        var value = args.Value(option);
        if (value is null)
            return null;

        var (text, source) = value switch
        {
            StandardInput => (await input.ReadToEndAsync(cancellationToken), "standard input"),
            _ when value.StartsWith(FilePrefix, StringComparison.Ordinal) => (await ReadFileAsync(option, value[1..], cancellationToken), value[1..]),
            _ => (value, "the command line"),
        };

        // A token is one line of base64url and dots; the newline an editor or `echo` adds is not part of it.
        var token = text.Trim();
        if (token.Length == 0)
            throw new UsageException($"--{option}: the token read from {source} is empty.");
        if (token.Any(char.IsWhiteSpace))
            throw new UsageException($"--{option}: the token read from {source} contains whitespace; give exactly one token.");
        return token;
    }

    private static async Task<string> ReadFileAsync(string option, string path, CancellationToken cancellationToken)
    {
        if (path.Length == 0)
            throw new UsageException($"--{option} @ needs a file name, e.g. --{option} @token.jwt.");
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--{option}: cannot read {path}: {e.Message}");
        }
    }
}
