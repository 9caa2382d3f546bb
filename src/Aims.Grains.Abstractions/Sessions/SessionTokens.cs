using Aims.Grains.Tokens;

namespace Aims.Grains.Sessions;

/// <summary>The answer to a code or refresh grant: an access token and the session's new refresh token, or the error.</summary>
[GenerateSerializer, Immutable, Alias("aims.SessionTokens")]
public sealed record SessionTokens(
    [property: Id(0)] AccessTokenOutcome Outcome,
    [property: Id(1)] string? RefreshToken)
{
    public static SessionTokens Refused(string error, string description) => new(AccessTokenOutcome.Refused(error, description), null);

    /// <summary>Never the tokens: this text may reach a log.</summary>
    public override string ToString() => Outcome.Issued is { } issued ? $"access token {issued.Jti} and a refresh token" : $"{Outcome.Error}: {Outcome.ErrorDescription}";
}
