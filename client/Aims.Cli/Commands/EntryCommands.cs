using System.Globalization;
using System.Text.Json;
using Aims.Cli.CommandLine;
using Aims.Cli.Http;
using Aims.Cli.Output;

namespace Aims.Cli.Commands;

/// <summary><c>aims entry create|list|show|delete</c>: registration entries for node agents (<c>/v1/entries</c>).</summary>
internal sealed class EntryCommands : ICommandGroup
{
    private const string IdArgument = "entry-id";
    private static readonly string[] EntryFieldsFirst = [WireNames.Id, WireNames.SpiffeId, WireNames.ParentId, WireNames.Selectors];

    public string Name => "entry";

    public string Summary => "create, list, show and delete registration entries: which workload identity a node agent hands to which processes";

    public string Usage => """
        usage:
          aims entry create <spiffe-id> --parent NODE-SPIFFE-ID --selector TYPE:VALUE [--selector ...]
                            [--x509-svid-ttl SECONDS] [--jwt-svid-ttl SECONDS] [--dns-name NAME]... [--hint TEXT]
          aims entry list [--parent NODE-SPIFFE-ID]
          aims entry show <entry-id>
          aims entry delete <entry-id> [--reason TEXT]

        A process served by the node agent NODE gets <spiffe-id> when its attested selectors include every
        --selector, e.g. --selector unix:uid:1000 --selector unix:sha256:$(sha256sum app | cut -d' ' -f1).
        The lifetimes cap what the workload's policy allows. An entry's SPIFFE ID, parent and selectors never
        change: delete it and create another.
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "create" => CreateAsync(context, args.Shift(), cancellationToken),
            "list" => ListAsync(context, args.Shift(), cancellationToken),
            "show" => ShowAsync(context, args.Shift(), cancellationToken),
            "delete" => DeleteAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'entry' needs a command."),
            var other => throw new UsageException($"'entry {other}' is not a command."),
        };

    private static async Task<int> CreateAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("entry create", ["spiffe-id"], "parent", "selector", "x509-svid-ttl", "jwt-svid-ttl", "dns-name", "hint");
        var parent = args.Value("parent") ?? throw new UsageException("'entry create' needs --parent: the SPIFFE ID of the node agent that serves the workload.");
        var selectors = args.Values("selector");
        if (selectors.Count == 0)
            throw new UsageException("'entry create' needs at least one --selector TYPE:VALUE, e.g. --selector unix:uid:1000.");
        var x509Ttl = Seconds("x509-svid-ttl", args.Value("x509-svid-ttl"));
        var jwtTtl = Seconds("jwt-svid-ttl", args.Value("jwt-svid-ttl"));
        var dnsNames = args.Values("dns-name");
        var hint = args.Value("hint");

        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(WireNames.SpiffeId, args.Positionals[0]);
            w.WriteString(WireNames.ParentId, parent);
            WriteArray(w, WireNames.Selectors, selectors);
            if (x509Ttl is { } x509)
                w.WriteNumber(WireNames.X509SvidTtl, x509);
            if (jwtTtl is { } jwt)
                w.WriteNumber(WireNames.JwtSvidTtl, jwt);
            if (dnsNames.Count > 0)
                WriteArray(w, WireNames.DnsNames, dnsNames);
            if (hint is not null)
                w.WriteString(WireNames.Hint, hint);
            w.WriteEndObject();
        });

        using var response = await context.Api.PostAsync(ApiPaths.Entries, body, cancellationToken);
        context.PrintObject(response.RootElement, EntryFieldsFirst);
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("entry list", [], "parent");
        var parent = args.Value("parent");
        using var entries = await PagedList.GetAsync(
            context.Api,
            WireNames.Entries,
            after => ApiPaths.WithQuery(ApiPaths.Entries, (WireNames.ParentId, parent), (WireNames.After, after)),
            cancellationToken);

        context.Print(entries.Merged(), _ =>
            TableWriter.Write(context.Out, ["ID", "SPIFFE ID", "PARENT", "SELECTORS"], [.. entries.Items.Select(EntryRow)]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("entry show", [IdArgument]);
        using var response = await context.Api.GetAsync(ApiPaths.Entry(args.Positionals[0]), cancellationToken);
        context.PrintObject(response.RootElement, EntryFieldsFirst);
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("entry delete", [IdArgument], "reason");
        var reason = args.Value("reason");
        var body = reason is null ? null : JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(WireNames.Reason, reason);
            w.WriteEndObject();
        });

        using var _ = await context.Api.DeleteAsync(ApiPaths.Entry(args.Positionals[0]), body, cancellationToken);
        if (!context.Json)
            context.Out.Write($"deleted entry {args.Positionals[0]}\n");
        else
            context.Out.Write($$"""{ "{{WireNames.Id}}": {{JsonSerializer.Serialize(args.Positionals[0])}}, "deleted": true }""" + "\n");
        return ExitCodes.Ok;
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static long? Seconds(string option, string? text)
    {
        if (text is null)
            return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : throw new UsageException($"--{option} '{text}' is not a positive number of seconds.");
    }

    private static string[] EntryRow(JsonElement entry) =>
    [
        JsonText.Property(entry, WireNames.Id),
        JsonText.Property(entry, WireNames.SpiffeId),
        JsonText.Property(entry, WireNames.ParentId),
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(WireNames.Selectors, out var selectors) && selectors.ValueKind == JsonValueKind.Array
            ? string.Join(' ', selectors.EnumerateArray().Select(s => s.GetString()))
            : JsonText.Null,
    ];
}
