namespace Aims.Bench;

/// <summary>Which measurements a run makes.</summary>
internal enum BenchSuite
{
    /// <summary>Raw crypto plus Core issuance paths.</summary>
    Issuance,

    /// <summary>Raw crypto, Core issuance paths and the same through the issuer grain.</summary>
    Grain,

    /// <summary>Everything.</summary>
    All,
}
