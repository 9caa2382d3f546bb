namespace Aims.Cli.CommandLine;

/// <summary>
/// A parsed command line: positionals in order and options by name (without the leading dashes). Commands consume
/// positionals from the front with <see cref="Shift"/> and state what they accept with <see cref="Expect"/>.
/// </summary>
internal sealed class ParsedArguments
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _options;
    private readonly IReadOnlySet<string> _flags;

    public ParsedArguments(
        IReadOnlyList<string> positionals,
        IReadOnlyDictionary<string, IReadOnlyList<string>> options,
        IReadOnlySet<string> flags)
    {
        Positionals = positionals;
        _options = options;
        _flags = flags;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>The first positional, or null when there is none.</summary>
    public string? First => Positionals.Count > 0 ? Positionals[0] : null;

    /// <summary>The arguments without the first positional (the group or verb just dispatched on).</summary>
    public ParsedArguments Shift() => new([.. Positionals.Skip(1)], _options, _flags);

    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>The value of an option given at most once.</summary>
    public string? Value(string option)
    {
        if (!_options.TryGetValue(option, out var values))
            return null;
        return values.Count == 1 ? values[0] : throw new UsageException($"--{option} may be given only once.");
    }

    /// <summary>Every value of a repeatable option, in the order given.</summary>
    public IReadOnlyList<string> Values(string option) => _options.TryGetValue(option, out var values) ? values : [];

    /// <summary>
    /// Checks that exactly the named positionals are present and that no option outside <paramref name="options"/>
    /// (and the global ones) was given.
    /// </summary>
    public void Expect(string command, IReadOnlyList<string> positionals, params IReadOnlyList<string> options)
    {
        if (Positionals.Count < positionals.Count)
            throw new UsageException($"'{command}' needs <{positionals[Positionals.Count]}>.");
        if (Positionals.Count > positionals.Count)
            throw new UsageException($"'{command}' does not take the argument '{Positionals[positionals.Count]}'.");

        foreach (var name in _options.Keys.Concat(_flags))
        {
            if (!GlobalOptions.All.Contains(name) && !options.Contains(name))
                throw new UsageException($"'{command}' does not take --{name}.");
        }
    }
}
