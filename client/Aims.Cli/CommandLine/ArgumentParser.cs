namespace Aims.Cli.CommandLine;

/// <summary>
/// Splits a command line into positionals and options. Options may appear anywhere, as <c>--name value</c> or
/// <c>--name=value</c>; <c>--</c> ends the options; <c>-h</c> is <c>--help</c>.
/// </summary>
internal static class ArgumentParser
{
    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg == "-h")
            {
                flags.Add(GlobalOptions.Help);
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arg.Length > 1 && arg[0] == '-')
                    throw new UsageException($"unknown option '{arg}'; options are spelled --name.");
                positionals.Add(arg);
                continue;
            }

            var (name, inlineValue) = Split(arg);
            if (GlobalOptions.Flags.Contains(name))
            {
                if (inlineValue is not null)
                    throw new UsageException($"--{name} takes no value.");
                flags.Add(name);
                continue;
            }

            var value = inlineValue ?? TakeValue(args, ref i, name);
            if (!options.TryGetValue(name, out var values))
                options[name] = values = [];
            values.Add(value);
        }

        return new ParsedArguments(
            positionals,
            options.ToDictionary(o => o.Key, o => (IReadOnlyList<string>)o.Value, StringComparer.Ordinal),
            flags);
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var body = arg[2..];
        var equals = body.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? body : body[..equals];
        if (name.Length == 0)
            throw new UsageException($"'{arg}' is not an option.");
        return (name, equals < 0 ? null : body[(equals + 1)..]);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new UsageException($"--{name} needs a value.");
        return args[++i];
    }
}
