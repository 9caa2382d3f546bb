using Aims.Core.Signals.TokenEffects;

namespace Aims.Grains.Partners;

/// <summary>A partner agent's standing here (see <see cref="PartnerAgentStanding"/>); <paramref name="Ceiling"/> space-separated.</summary>
[GenerateSerializer, Immutable, Alias("aims.PartnerAgentView")]
public sealed record PartnerAgentView(
    [property: Id(0)] DateTimeOffset? RevokedBefore,
    [property: Id(1)] string? Ceiling,
    [property: Id(2)] DateTimeOffset? CeilingChangedAt)
{
    public PartnerAgentStanding ToStanding() =>
        new(RevokedBefore, Ceiling is null ? null : Core.OAuth.ScopeSet.Parse(Ceiling), CeilingChangedAt);

    public static PartnerAgentView From(PartnerAgentStanding standing) =>
        new(standing.RevokedBefore, standing.Ceiling?.ToString(), standing.CeilingChangedAt);
}
