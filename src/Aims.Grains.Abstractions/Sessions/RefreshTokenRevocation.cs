namespace Aims.Grains.Sessions;

/// <summary>An RFC 7009 request to revoke a refresh token.</summary>
/// <param name="Caller">The authenticated client_id, or "operator".</param>
/// <param name="ByOperator">An operator may revoke any client's token; a client only its own (RFC 7009 §2.1).</param>
[GenerateSerializer, Immutable, Alias("aims.RefreshTokenRevocation")]
public sealed record RefreshTokenRevocation(
    [property: Id(0)] string RefreshToken,
    [property: Id(1)] string Caller,
    [property: Id(2)] bool ByOperator,
    [property: Id(3)] string CorrelationId)
{
    public override string ToString() => $"refresh token revocation by {Caller}";
}
