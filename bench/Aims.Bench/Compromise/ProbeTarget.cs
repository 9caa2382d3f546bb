namespace Aims.Bench.Compromise;

/// <summary>One access token, to be introspected through one silo (an index into the cluster's silo list).</summary>
internal sealed record ProbeTarget(int Silo, string Token);
