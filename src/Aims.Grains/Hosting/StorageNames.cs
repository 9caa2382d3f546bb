namespace Aims.Grains.Hosting;

/// <summary>Names of the Orleans providers every profile registers.</summary>
public static class StorageNames
{
    /// <summary>Grain state of agents, credentials, policies, authority, audit.</summary>
    public const string Aims = "aims";

    public const string PubSub = "PubSubStore";

    public const string Signals = "signals";
}
