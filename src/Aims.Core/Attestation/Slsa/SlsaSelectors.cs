namespace Aims.Core.Attestation.Slsa;

/// <summary>The selectors verified SLSA provenance proves about the measured artefact.</summary>
public static class SlsaSelectors
{
    public static string Builder(string builderId) => $"slsa:builder:{builderId}";

    public static string Source(string source) => $"slsa:source:{source}";
}
