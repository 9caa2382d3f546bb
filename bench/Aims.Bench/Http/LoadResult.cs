namespace Aims.Bench.Http;

/// <summary>What one load phase did: successful and failed requests, elapsed time, and the first failure's status and body.</summary>
internal sealed record LoadResult(int Succeeded, int Failed, TimeSpan Elapsed, string? FirstFailure);
