namespace Aims.Core.Attestation.Oidc;

/// <summary>
/// The claims worth a selector for the well-known issuers of workload identity tokens. An operator picks one by name
/// and may add claims of its own.
/// </summary>
public static class OidcClaimPresets
{
    /// <summary>GitHub Actions (<c>https://token.actions.githubusercontent.com</c>): which repository, ref and workflow ran.</summary>
    public const string GitHub = "github";

    /// <summary>GCP instance identity tokens (<c>https://accounts.google.com</c>, <c>format=full</c>): which project, zone and VM.</summary>
    public const string Gcp = "gcp";

    /// <summary>Azure managed identity tokens (<c>https://sts.windows.net/&lt;tenant&gt;/</c>): which tenant, object and resource.</summary>
    public const string Azure = "azure";

    /// <summary>Only <c>oidc:iss:</c> and <c>oidc:sub:</c>, plus what the operator configures.</summary>
    public const string Generic = "generic";

    public static IReadOnlyList<string> Names { get; } = [GitHub, Gcp, Azure, Generic];

    /// <summary>The claim selectors of a preset; null for an unknown name.</summary>
    public static IReadOnlyList<OidcClaimSelector>? Get(string? name) => name switch
    {
        GitHub =>
        [
            new("repository", "repository"),
            new("repository_owner", "repository_owner"),
            new("ref", "ref"),
            new("workflow", "workflow"),
            new("job_workflow_ref", "job_workflow_ref"),
            new("environment", "environment"),
        ],
        Gcp =>
        [
            new("google.compute_engine.project_id", "project_id"),
            new("google.compute_engine.zone", "zone"),
            new("google.compute_engine.instance_id", "instance_id"),
            new("google.compute_engine.instance_name", "instance_name"),
            new("email", "email"),
        ],
        Azure =>
        [
            new("tid", "tid"),
            new("oid", "oid"),
            new("xms_mirid", "xms_mirid"),
        ],
        null or "" or Generic => [],
        _ => null,
    };
}
