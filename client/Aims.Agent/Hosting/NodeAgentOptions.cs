using Aims.Core.Identity;
using Microsoft.Extensions.Configuration;

namespace Aims.Agent.Hosting;

/// <summary>
/// The <c>Aims:Agent</c> configuration section (environment <c>Aims__Agent__X</c>, or the command-line switches of
/// <see cref="SwitchMappings"/>). The cluster is found like any Aims client: <c>Aims:TrustDomain</c>,
/// <c>Aims:Profile</c>, <c>Aims:Local:GatewayPort</c>, <c>Aims:Azure:*</c>.
/// </summary>
public sealed class NodeAgentOptions
{
    public const string SectionName = "Aims:Agent";

    /// <summary>Command-line switches and the configuration keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--socket"] = SectionName + ":EndpointSocket",
        ["--node-id"] = SectionName + ":NodeId",
        ["--join-token"] = SectionName + ":JoinToken",
        ["--join-token-file"] = SectionName + ":JoinTokenFile",
        ["--data-dir"] = SectionName + ":DataDirectory",
        ["--sync-interval"] = SectionName + ":SyncInterval",
        ["--provenance-dir"] = SectionName + ":ProvenanceDirectory",
        ["--trust-domain"] = "Aims:TrustDomain",
        ["--profile"] = "Aims:Profile",
        ["--gateway-port"] = "Aims:Local:GatewayPort",
    };

    public required WorkloadEndpointAddress Endpoint { get; init; }

    /// <summary>The node's SPIFFE ID, e.g. <c>spiffe://aims.local/node/host-1</c>; an agent the operator registered.</summary>
    public required SpiffeId NodeId { get; init; }

    /// <summary>The single-use join token the node attests with the first time (or after its node SVID expired); with a TPM it may be left out.</summary>
    public string? JoinToken { get; init; }

    /// <summary>A file holding the join token, read at each attestation attempt, so a new token needs no restart.</summary>
    public string? JoinTokenFile { get; init; }

    /// <summary>Where the node's key and X509-SVID are kept (owner-only), so a restart needs no new join token.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>How often the trust bundle and the node's entries are fetched from the cluster.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The node's TPM (<c>Aims:Agent:Tpm</c>); null when the node attests with a join token only.</summary>
    public NodeTpmOptions? Tpm { get; init; }

    /// <summary>
    /// Where SLSA provenance of workload binaries is found (<c>Aims:Agent:ProvenanceDirectory</c>): for a process whose
    /// executable has SHA-256 <c>H</c> and file name <c>N</c>, <c>H.intoto.jsonl</c>, else <c>N.intoto.jsonl</c>; null for none.
    /// </summary>
    public string? ProvenanceDirectory { get; init; }

    /// <summary>
    /// Lets processes without a registration entry fetch bundles and validate JWT-SVIDs (SPIRE's
    /// allow_unauthenticated_verifiers); off by default.
    /// </summary>
    public bool AllowUnauthenticatedVerifiers { get; init; }

    public static NodeAgentOptions From(IConfiguration configuration, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var section = configuration.GetSection(SectionName);

        var (endpoint, endpointError) = WorkloadEndpointAddress.Parse(section["EndpointSocket"] ?? environment(WorkloadEndpointAddress.EnvironmentVariable));
        if (endpointError is not null)
            throw new InvalidOperationException(endpointError);

        var trustDomainText = configuration["Aims:TrustDomain"] is { Length: > 0 } td ? td : "aims.local";
        if (!TrustDomain.TryParse(trustDomainText, out var trustDomain, out var trustDomainError))
            throw new InvalidOperationException($"Aims:TrustDomain '{trustDomainText}' is invalid: {trustDomainError}");

        var nodeIdText = section["NodeId"] is { Length: > 0 } n ? n : DefaultNodeId(trustDomain);
        if (!SpiffeId.TryParse(nodeIdText, out var nodeId, out var nodeIdError))
            throw new InvalidOperationException($"--node-id '{nodeIdText}' is not a SPIFFE ID: {nodeIdError}");
        if (!nodeId.IsMemberOf(trustDomain) || nodeId.Path.Length == 0)
            throw new InvalidOperationException($"--node-id {nodeId} must be a SPIFFE ID with a path in the trust domain {trustDomain.Name}");

        var interval = section["SyncInterval"] is { Length: > 0 } i ? TimeSpan.Parse(i, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(5);
        if (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromMinutes(10))
            throw new InvalidOperationException("Aims:Agent:SyncInterval must be between 00:00:01 and 00:10:00");

        return new NodeAgentOptions
        {
            Endpoint = endpoint!,
            NodeId = nodeId,
            JoinToken = section["JoinToken"] is { Length: > 0 } token ? token.Trim() : null,
            JoinTokenFile = section["JoinTokenFile"] is { Length: > 0 } file ? file : null,
            DataDirectory = Path.GetFullPath(section["DataDirectory"] is { Length: > 0 } dir ? dir : "./.aims-agent"),
            SyncInterval = interval,
            AllowUnauthenticatedVerifiers = bool.TryParse(section["AllowUnauthenticatedVerifiers"], out var allow) && allow,
            Tpm = NodeTpmOptions.From(configuration),
            ProvenanceDirectory = section["ProvenanceDirectory"] is { Length: > 0 } provenance ? Path.GetFullPath(provenance) : null,
        };
    }

    /// <summary>The join token, from <see cref="JoinToken"/> or else <see cref="JoinTokenFile"/>; null when neither has one.</summary>
    public string? ReadJoinToken()
    {
        if (JoinToken is not null)
            return JoinToken;
        if (JoinTokenFile is null || !File.Exists(JoinTokenFile))
            return null;
        return File.ReadAllText(JoinTokenFile).Trim() is { Length: > 0 } token ? token : null;
    }

    /// <summary><c>spiffe://td/node/&lt;host name&gt;</c>, when the host name is a valid path segment.</summary>
    private static string DefaultNodeId(TrustDomain trustDomain)
    {
        var host = Environment.MachineName.ToLowerInvariant();
        return SpiffeId.TryParse($"{trustDomain.IdString}/node/{host}", out var id) ? id.ToString()
            : throw new InvalidOperationException($"the host name '{host}' cannot name the node; set --node-id spiffe://{trustDomain.Name}/node/<name>");
    }
}
