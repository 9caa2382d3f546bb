namespace Aims.Cli.Commands;

/// <summary>The overall usage of <c>aims</c>.</summary>
internal static class HelpText
{
    public static string Global(IEnumerable<ICommandGroup> groups)
    {
        var lines = groups.Select(g => $"  {g.Name,-12}{g.Summary}");
        return $"""
            usage: aims <command> [options]

            commands:
            {string.Join('\n', lines)}
              help        this text; `aims help <command>` or `aims <command> --help` for one command

            options (any command):
              --server URL    the silo (env AIMS_SERVER, default http://127.0.0.1:5080)
              --token TOKEN   operator token (env AIMS_TOKEN, else the file <data-dir>/admin.token)
              --data-dir DIR  the silo's data directory (env Aims__DataDirectory, default ./.aims)
              --json          print the server's JSON (pretty) instead of text; use with jq in scripts
              -h, --help      show help

            exit codes: 0 ok, 1 the server refused (its detail goes to stderr), 2 usage error, 3 cannot reach the server

            """;
    }
}
