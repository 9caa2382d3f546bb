namespace Aims.Agent.Svids;

/// <summary>The cluster answered and said no (policy, entry, node or workload standing); the message is the reason.</summary>
internal sealed class IssuanceRefusedException : Exception
{
    public IssuanceRefusedException()
        : base("issuance refused")
    {
    }

    public IssuanceRefusedException(string message)
        : base(message)
    {
    }

    public IssuanceRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
