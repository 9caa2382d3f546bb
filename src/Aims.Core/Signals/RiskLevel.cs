namespace Aims.Core.Signals;

/// <summary>CAEP 1.0 §3.8 risk levels (written in upper case on the wire).</summary>
public enum RiskLevel
{
    Low,
    Medium,
    High,
}
