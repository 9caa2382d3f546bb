namespace Aims.ResourceServer.Authentication;

public static class AimsAccessTokenDefaults
{
    /// <summary>The authentication scheme of the fabric's access tokens.</summary>
    public const string AuthenticationScheme = "AimsAccessToken";
}
