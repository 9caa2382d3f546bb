namespace Aims.Core.Wimse;

/// <summary>A WIT valid under draft-ietf-wimse-workload-creds §3 (any Workload Identifier, any accepted <c>cnf.jwk</c> algorithm).</summary>
public sealed record WimseWit(string Subject, DateTimeOffset ExpiresAt, string? Jti, WitBinding Binding)
{
    public override string ToString() => $"WIT {Subject} jti={Jti} exp={ExpiresAt:O}";
}
