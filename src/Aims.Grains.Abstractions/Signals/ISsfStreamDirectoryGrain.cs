namespace Aims.Grains.Signals;

/// <summary>The streams of one trust domain's transmitter and their receivers, keyed by <see cref="GrainKeys.SsfStreamDirectory"/>.</summary>
[Alias("aims.ISsfStreamDirectoryGrain")]
public interface ISsfStreamDirectoryGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(string streamId, string owner);

    [Alias("Remove")] Task RemoveAsync(string streamId);

    /// <summary>The stream ids of <paramref name="owner"/>, or of every receiver when null.</summary>
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync(string? owner);
}
