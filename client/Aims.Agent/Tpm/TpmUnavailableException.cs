namespace Aims.Agent.Tpm;

/// <summary>The node's TPM could not produce a quote (tools missing, TPM unreachable, AK not loadable).</summary>
internal sealed class TpmUnavailableException : Exception
{
    public TpmUnavailableException()
    {
    }

    public TpmUnavailableException(string message)
        : base(message)
    {
    }

    public TpmUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
