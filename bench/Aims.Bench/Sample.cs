namespace Aims.Bench;

/// <summary>What one time slice of one operation measured.</summary>
/// <param name="BytesPerOp">Managed bytes allocated per operation: this thread's for a synchronous operation, the whole process's for an asynchronous one.</param>
internal sealed record Sample(long Operations, double Seconds, double BytesPerOp, int Gen0Collections)
{
    public double OpsPerSecond => Operations / Seconds;
}
