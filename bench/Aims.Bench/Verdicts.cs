namespace Aims.Bench;

/// <summary>The verdicts of a comparison.</summary>
internal static class Verdicts
{
    public const string Pass = "PASS";
    public const string Below = "BELOW";
    public const string Info = "info";
}
