using System.Text.Json;
using Aims.Cli.Http;
using Aims.Cli.Output;

namespace Aims.Cli.Commands;

/// <summary>What a command works with: the server, standard input, the two output streams and the output format.</summary>
internal sealed class CommandContext(ApiClient api, TextReader input, TextWriter output, TextWriter error, bool json)
{
    public ApiClient Api { get; } = api;

    /// <summary>Standard input, for tokens given as <c>-</c>.</summary>
    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary><c>--json</c>: print the server's JSON, pretty, instead of text.</summary>
    public bool Json { get; } = json;

    /// <summary>Prints <paramref name="element"/> as JSON or, for humans, with <paramref name="human"/>.</summary>
    public void Print(JsonElement element, Action<JsonElement> human)
    {
        if (Json)
            Out.Write(JsonText.Pretty(element) + "\n");
        else
            human(element);
    }

    /// <summary>Prints an object as aligned <c>key: value</c> lines (or JSON).</summary>
    public void PrintObject(JsonElement element, params IReadOnlyList<string> first) =>
        Print(element, e => KeyValueWriter.WriteObject(Out, e, first));

    /// <summary>Reports an error that is not the server's refusal (broken chain, odd answer) and returns exit 1.</summary>
    public int Fail(string message)
    {
        Error.Write($"error: {message}\n");
        return ExitCodes.Refused;
    }
}
