namespace Aims.ResourceServer.Keys;

/// <summary>
/// The fabric could not be reached for something validation cannot do without (its keys, before any were loaded).
/// Not the caller's fault: the resource server answers 503, not 401, so the agent does not throw its token away.
/// </summary>
public sealed class FabricUnavailableException : Exception
{
    public FabricUnavailableException()
    {
    }

    public FabricUnavailableException(string message)
        : base(message)
    {
    }

    public FabricUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
