namespace Aims.Bench.Compromise;

/// <summary>An access token and the silo whose token endpoint issued it.</summary>
internal sealed record IssuedToken(int Silo, string Token);
