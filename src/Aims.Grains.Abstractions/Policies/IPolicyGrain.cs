namespace Aims.Grains.Policies;

/// <summary>A named, versioned policy document; every accepted change is a new version (keyed by name).</summary>
[Alias("aims.IPolicyGrain")]
public interface IPolicyGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores a new version; an unchanged document keeps the current version.</summary>
    [Alias("Put")] Task<PolicyPutResult> PutAsync(string json, string author, string correlationId);

    /// <summary>The current version, or a given one; null if none.</summary>
    [Alias("Get")] Task<PolicyVersion?> GetAsync(int? version = null);

    [Alias("GetVersions")] Task<IReadOnlyList<PolicyVersion>> GetVersionsAsync();
}
