namespace Aims.Grains.Sessions;

/// <summary>What became of a consent decision.</summary>
public enum ConsentResult
{
    /// <summary>The browser goes back to the client, with a code or an error.</summary>
    Redirect = 0,

    /// <summary>The browser does not hold this flow's binding cookie: a cross-site or replayed post.</summary>
    BindingFailed = 1,

    /// <summary>No such flow, or it expired, or nobody signed in, or it was already decided.</summary>
    Unavailable = 2,
}
