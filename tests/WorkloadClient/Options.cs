namespace Aims.WorkloadClient;

/// <summary><c>--name value</c> pairs (repeatable) and bare <c>--flag</c>s.</summary>
internal sealed class Options
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "no-header" };
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{args[i]}'", nameof(args));
            var name = args[i][2..];
            if (Flags.Contains(name))
            {
                options._flags.Add(name);
                continue;
            }

            if (i + 1 >= args.Count)
                throw new ArgumentException($"--{name} needs a value", nameof(args));
            if (!options._values.TryGetValue(name, out var values))
                options._values[name] = values = [];
            values.Add(args[++i]);
        }

        return options;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public bool Has(string flag) => _flags.Contains(flag);
}
