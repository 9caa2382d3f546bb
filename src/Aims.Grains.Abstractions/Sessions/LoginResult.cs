namespace Aims.Grains.Sessions;

/// <summary>What became of a sign-in attempt.</summary>
public enum LoginResult
{
    /// <summary>The user is signed in; the consent page comes next.</summary>
    SignedIn = 0,

    /// <summary>Unknown user or wrong password (the two are not told apart); the login page again.</summary>
    WrongCredentials = 1,

    /// <summary>Too many failed attempts: the flow accepts no more; the user starts again from the client.</summary>
    Locked = 2,

    /// <summary>The browser does not hold this flow's binding cookie: a cross-site or replayed post.</summary>
    BindingFailed = 3,

    /// <summary>No such flow, or it expired, or it is past the login step.</summary>
    Unavailable = 4,
}
