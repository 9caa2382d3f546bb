namespace Aims.Grains;

/// <summary>
/// Grain references for the hot paths. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves the grain interface type
/// by reading <typeparamref name="T"/>'s attributes on every call; what it resolves never changes, so it is resolved
/// once per interface here and each reference after that is made from the grain id alone.
/// </summary>
public static class GrainReferences
{
    /// <summary>The grain of interface <typeparamref name="TGrain"/> with string key <paramref name="key"/>.</summary>
    public static TGrain Reference<TGrain>(this IGrainFactory factory, string key)
        where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (Resolved<TGrain>.Types is not var (grainType, interfaceType))
            return Resolved<TGrain>.Resolve(factory, key);
        return (TGrain)factory.GetGrain(GrainId.Create(grainType, key), interfaceType);
    }

    private static class Resolved<TGrain>
        where TGrain : IGrainWithStringKey
    {
        public static (GrainType, GrainInterfaceType)? Types { get; private set; }

        /// <summary>The first reference is made the ordinary way; its grain and interface types serve all later ones.</summary>
        public static TGrain Resolve(IGrainFactory factory, string key)
        {
            var grain = factory.GetGrain<TGrain>(key);
            var reference = (GrainReference)(object)grain;
            Types = (reference.GrainId.Type, reference.InterfaceType);
            return grain;
        }
    }
}
