using System.Text.Json;
using Aims.Cli.CommandLine;
using Aims.Cli.Http;
using Aims.Cli.Output;

namespace Aims.Cli.Commands;

/// <summary><c>aims agent register|show|list|suspend|resume|terminate|compromise|reduce-scope|restore-scope|revoke-credential|move</c> (API.md "Agents").</summary>
internal sealed class AgentCommands : ICommandGroup
{
    private const string SpiffeIdArgument = "spiffe-id";
    private const string NewSpiffeIdArgument = "new-spiffe-id";
    private static readonly string[] AgentFieldsFirst = [WireNames.SpiffeId, WireNames.State, WireNames.Policy];

    public string Name => "agent";

    public string Summary => "register, show, list, suspend, resume, terminate, compromise and move agents; reduce their scope; revoke a credential";

    public string Usage => """
        usage:
          aims agent register <spiffe-id> [--policy NAME] [--selector K:V]... [--meta KEY=VALUE]...
          aims agent show <spiffe-id>
          aims agent list [--prefix SPIFFE-ID-PREFIX]
          aims agent suspend <spiffe-id> [--reason TEXT]
          aims agent resume <spiffe-id> [--reason TEXT]
          aims agent terminate <spiffe-id> [--reason TEXT]
          aims agent compromise <spiffe-id> --reason TEXT
          aims agent reduce-scope <spiffe-id> --scope "SCOPE ..." --reason TEXT
          aims agent restore-scope <spiffe-id> [--reason TEXT]
          aims agent revoke-credential <spiffe-id> <credential-id> --reason TEXT [--reason-code CODE]
          aims agent move <spiffe-id> <new-spiffe-id> [--reason TEXT]

        compromise revokes everything the agent holds on every silo and tells every SSF receiver; it returns once
        the revocation is durable. reduce-scope lowers the ceiling of its live and future tokens to --scope.
        revoke-credential revokes one credential (an X509-SVID by serial, a JWT-SVID or WIT by jti): an X509-SVID
        is on the CRL and answers revoked over OCSP when it returns. --reason-code is one of unspecified (default),
        key_compromise, affiliation_changed, superseded, cessation_of_operation, privilege_withdrawn.
        move registers the new ID with the agent's policy, selectors and metadata (it attests again) and terminates
        the old one; receivers get RISC identifier-changed. --selector and --meta may be repeated. list follows the
        server's pages until the end; with --json it prints one document { "agents": [...], "next": null } holding
        every page.
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "register" => RegisterAsync(context, args.Shift(), cancellationToken),
            "show" => ShowAsync(context, args.Shift(), cancellationToken),
            "list" => ListAsync(context, args.Shift(), cancellationToken),
            "suspend" or "resume" or "terminate" or "restore-scope" => ChangeLifecycleAsync(context, args.First, args.Shift(), cancellationToken),
            "compromise" => CompromiseAsync(context, args.Shift(), cancellationToken),
            "reduce-scope" => ReduceScopeAsync(context, args.Shift(), cancellationToken),
            "revoke-credential" => RevokeCredentialAsync(context, args.Shift(), cancellationToken),
            "move" => MoveAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'agent' needs a command."),
            var other => throw new UsageException($"'agent {other}' is not a command."),
        };

    private static async Task<int> RegisterAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("agent register", [SpiffeIdArgument], "policy", "selector", "meta");
        var spiffeId = args.Positionals[0];
        var policy = args.Value("policy");
        var selectors = args.Values("selector");
        var metadata = ParseMetadata(args.Values("meta"));

        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(WireNames.SpiffeId, spiffeId);
            if (policy is not null)
                w.WriteString(WireNames.Policy, policy);
            if (selectors.Count > 0)
            {
                w.WriteStartArray(WireNames.Selectors);
                foreach (var selector in selectors)
                    w.WriteStringValue(selector);
                w.WriteEndArray();
            }

            if (metadata.Count > 0)
            {
                w.WriteStartObject(WireNames.Metadata);
                foreach (var (key, value) in metadata)
                    w.WriteString(key, value);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });

        using var response = await context.Api.PostAsync(ApiPaths.Agents, body, cancellationToken);
        context.PrintObject(response.RootElement, AgentFieldsFirst);
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("agent show", [SpiffeIdArgument]);
        using var response = await context.Api.GetAsync(ApiPaths.Agent(args.Positionals[0]), cancellationToken);
        context.PrintObject(response.RootElement, AgentFieldsFirst);
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("agent list", [], "prefix");
        var prefix = args.Value("prefix");
        using var agents = await PagedList.GetAsync(
            context.Api,
            WireNames.Agents,
            after => ApiPaths.WithQuery(ApiPaths.Agents, (WireNames.Prefix, prefix), (WireNames.After, after)),
            cancellationToken);

        context.Print(agents.Merged(), _ =>
            TableWriter.Write(context.Out, ["SPIFFE ID", "STATE", "POLICY"], [.. agents.Items.Select(AgentRow)]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ChangeLifecycleAsync(CommandContext context, string action, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect($"agent {action}", [SpiffeIdArgument], "reason");
        var reason = args.Value("reason");
        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            if (reason is not null)
                w.WriteString(WireNames.Reason, reason);
            w.WriteEndObject();
        });

        using var response = await context.Api.PostAsync(ApiPaths.AgentAction(args.Positionals[0], action), body, cancellationToken);
        context.PrintObject(response.RootElement, AgentFieldsFirst);
        return ExitCodes.Ok;
    }

    private static async Task<int> CompromiseAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("agent compromise", [SpiffeIdArgument], "reason");
        var reason = args.Value("reason") ?? throw new UsageException("'agent compromise' needs --reason: it is recorded in the audit log and sent to receivers.");
        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(WireNames.Reason, reason);
            w.WriteEndObject();
        });

        using var response = await context.Api.PostAsync(ApiPaths.AgentAction(args.Positionals[0], "compromise"), body, cancellationToken);
        context.PrintObject(response.RootElement, AgentFieldsFirst);
        return ExitCodes.Ok;
    }

    private static async Task<int> ReduceScopeAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("agent reduce-scope", [SpiffeIdArgument], "scope", "reason");
        var scope = args.Value("scope") ?? throw new UsageException("'agent reduce-scope' needs --scope: the scopes the agent keeps, space-separated (may be \"\").");
        var reason = args.Value("reason") ?? throw new UsageException("'agent reduce-scope' needs --reason: it is recorded in the audit log and sent to receivers.");
        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(WireNames.Scope, scope);
            w.WriteString(WireNames.Reason, reason);
            w.WriteEndObject();
        });

        using var response = await context.Api.PostAsync(ApiPaths.AgentAction(args.Positionals[0], "reduce-scope"), body, cancellationToken);
        context.PrintObject(response.RootElement, AgentFieldsFirst);
        return ExitCodes.Ok;
    }

    private static async Task<int> RevokeCredentialAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("agent revoke-credential", [SpiffeIdArgument, "credential-id"], "reason", "reason-code");
        var reason = args.Value("reason") ?? throw new UsageException("'agent revoke-credential' needs --reason: it is recorded in the audit log and sent to receivers.");
        var reasonCode = args.Value("reason-code");
        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(WireNames.Reason, reason);
            if (reasonCode is not null)
                w.WriteString(WireNames.ReasonCode, reasonCode);
            w.WriteEndObject();
        });

        using var response = await context.Api.PostAsync(ApiPaths.RevokeCredential(args.Positionals[0], args.Positionals[1]), body, cancellationToken);
        context.PrintObject(response.RootElement, [WireNames.Id, WireNames.Kind, WireNames.State]);
        return ExitCodes.Ok;
    }

    /// <summary>Prints where the agent went: both IDs and states (the whole answer with --json).</summary>
    private static async Task<int> MoveAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("agent move", [SpiffeIdArgument, NewSpiffeIdArgument], "reason");
        var reason = args.Value("reason");
        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(WireNames.SpiffeId, args.Positionals[1]);
            if (reason is not null)
                w.WriteString(WireNames.Reason, reason);
            w.WriteEndObject();
        });

        using var response = await context.Api.PostAsync(ApiPaths.AgentAction(args.Positionals[0], "move"), body, cancellationToken);
        context.Print(response.RootElement, moved => KeyValueWriter.Write(context.Out,
        [
            new(WireNames.From, MovedProperty(moved, WireNames.From, WireNames.SpiffeId)),
            new($"{WireNames.From}.{WireNames.State}", MovedProperty(moved, WireNames.From, WireNames.State)),
            new(WireNames.To, MovedProperty(moved, WireNames.To, WireNames.SpiffeId)),
            new($"{WireNames.To}.{WireNames.State}", MovedProperty(moved, WireNames.To, WireNames.State)),
            new($"{WireNames.To}.{WireNames.Policy}", MovedProperty(moved, WireNames.To, WireNames.Policy)),
        ]));
        return ExitCodes.Ok;
    }

    private static string MovedProperty(JsonElement moved, string side, string name) =>
        moved.ValueKind == JsonValueKind.Object && moved.TryGetProperty(side, out var agent) && agent.ValueKind == JsonValueKind.Object
            ? JsonText.Property(agent, name)
            : JsonText.Null;

    private static List<KeyValuePair<string, string>> ParseMetadata(IReadOnlyList<string> pairs)
    {
        var metadata = new List<KeyValuePair<string, string>>();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new UsageException($"--meta '{pair}' is not KEY=VALUE.");
            var key = pair[..equals];
            if (metadata.Any(m => m.Key == key))
                throw new UsageException($"--meta {key} is given twice.");
            metadata.Add(new(key, pair[(equals + 1)..]));
        }

        return metadata;
    }

    /// <summary>A listed agent is an object with at least <c>spiffe_id</c>; a bare ID string is shown as well.</summary>
    private static string[] AgentRow(JsonElement agent) => agent.ValueKind == JsonValueKind.String
        ? [agent.GetString() ?? JsonText.Null, JsonText.Null, JsonText.Null]
        : [JsonText.Property(agent, WireNames.SpiffeId), JsonText.Property(agent, WireNames.State), JsonText.Property(agent, WireNames.Policy)];
}
