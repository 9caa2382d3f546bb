using Aims.Core.Policy;

namespace Aims.Core.Registration;

/// <summary>Bounds a registration entry must stay within.</summary>
public static class RegistrationEntryLimits
{
    public const int MaxSelectors = 64;

    public const int MaxDnsNames = 16;

    /// <summary>DNS names are at most 253 characters (RFC 1035 §2.3.4, without the trailing dot).</summary>
    public const int MaxDnsNameLength = 253;

    /// <summary>SPIFFE Workload API §8: implementations SHOULD NOT support hints longer than 1024 bytes.</summary>
    public const int MaxHintBytes = 1024;

    /// <summary>The same floor as policy lifetimes: below it rotation would be a constant storm.</summary>
    public static TimeSpan MinTtl => PolicyLimits.MinTtl;

    public static TimeSpan MaxX509SvidTtl => PolicyLimits.MaxX509SvidTtl;

    public static TimeSpan MaxJwtSvidTtl => PolicyLimits.MaxJwtSvidTtl;
}
