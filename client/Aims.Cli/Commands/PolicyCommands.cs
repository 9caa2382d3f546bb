using System.Text.Json;
using Aims.Cli.CommandLine;
using Aims.Cli.Http;
using Aims.Cli.Output;

namespace Aims.Cli.Commands;

/// <summary><c>aims policy apply|show</c>: policy-as-code (API.md "Agents").</summary>
internal sealed class PolicyCommands : ICommandGroup
{
    /// <summary>Fields that may hold the policy document itself; it is printed as indented JSON, not flattened.</summary>
    private static readonly string[] DocumentFields = [WireNames.Document, WireNames.Policy];

    public string Name => "policy";

    public string Summary => "apply and show policies";

    public string Usage => """
        usage:
          aims policy apply <name> <file.json>
          aims policy show <name>

        apply sends the file as the new version of the policy; an unchanged document keeps its version.
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "apply" => ApplyAsync(context, args.Shift(), cancellationToken),
            "show" => ShowAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'policy' needs a command."),
            var other => throw new UsageException($"'policy {other}' is not a command."),
        };

    private static async Task<int> ApplyAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("policy apply", ["name", "file.json"]);
        var (name, file) = (args.Positionals[0], args.Positionals[1]);
        string document;
        try
        {
            document = await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {file}: {e.Message}");
        }

        using var response = await context.Api.PutAsync(ApiPaths.Policy(name), document, cancellationToken);
        context.Print(response.RootElement, e => WritePolicy(context.Out, e));
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("policy show", ["name"]);
        using var response = await context.Api.GetAsync(ApiPaths.Policy(args.Positionals[0]), cancellationToken);
        context.Print(response.RootElement, e => WritePolicy(context.Out, e));
        return ExitCodes.Ok;
    }

    private static void WritePolicy(TextWriter output, JsonElement policy)
    {
        KeyValueWriter.WriteObject(output, policy, [WireNames.Name, WireNames.Version], DocumentFields);
        foreach (var field in DocumentFields)
        {
            if (policy.ValueKind == JsonValueKind.Object && policy.TryGetProperty(field, out var document) && document.ValueKind != JsonValueKind.Null)
                output.Write($"{field}:\n{Indent(DocumentText(document))}\n");
        }
    }

    /// <summary>The document as indented JSON, whether the server sent it as an object or as JSON text in a string.</summary>
    private static string DocumentText(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.String)
            return JsonText.Pretty(document);

        var text = document.GetString() ?? string.Empty;
        try
        {
            using var parsed = JsonDocument.Parse(text);
            return JsonText.Pretty(parsed.RootElement);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static string Indent(string text) => "  " + text.ReplaceLineEndings("\n  ");
}
