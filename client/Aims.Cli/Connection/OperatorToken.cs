namespace Aims.Cli.Connection;

/// <summary>An operator bearer token and where it was found (for error hints; the token itself is never printed).</summary>
internal sealed record OperatorToken(string Value, string Source)
{
    public override string ToString() => $"operator token from {Source}";
}
