namespace Aims.Cli.Http;

/// <summary>The server answered, but not with success; printed as <c>error: {status} {detail}</c>, exit 1.</summary>
internal sealed class ServerRefusedException(int status, string detail) : Exception($"{status} {detail}")
{
    public int Status { get; } = status;

    public string Detail { get; } = detail;
}
