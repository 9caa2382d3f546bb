using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Core.StateMachines;

namespace Aims.Core.Tests.Agents;

public sealed class AgentMovesTests
{
    private static readonly SpiffeId From = SpiffeId.Parse("spiffe://example.org/agents/team-a/analyst");

    [Theory]
    [InlineData("spiffe://example.org/agents/team-b/analyst", null)]
    [InlineData("spiffe://example.org/analyst", null)]
    [InlineData("spiffe://example.org/agents/team-a/analyst", "is the agent's current ID")]
    [InlineData("spiffe://other.org/agents/team-a/analyst", "moves within its trust domain example.org")]
    [InlineData("spiffe://example.org", "must have a path")]
    public void CheckTarget_Table_AllowsOnlyAnotherIdWithAPathInTheSameTrustDomain(string to, string? error)
    {
        var refusal = AgentMoves.CheckTarget(From, SpiffeId.Parse(to));

        if (error is null)
            Assert.Null(refusal);
        else
            Assert.Contains(error, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AgentState.Registered, null)]
    [InlineData(AgentState.Attested, null)]
    [InlineData(AgentState.Active, null)]
    [InlineData(AgentState.Suspended, "resume it first")]
    [InlineData(AgentState.ScopeReduced, "restore its scope first")]
    [InlineData(AgentState.Compromised, "replaced, never moved")]
    [InlineData(AgentState.Terminated, "register the new ID instead")]
    public void Refusal_EveryState_SaysWhatToDoInstead(AgentState state, string? advice)
    {
        var refusal = AgentMoves.Refusal(state);

        if (advice is null)
            Assert.Null(refusal);
        else
            Assert.Contains(advice, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_AgreesWithTheTransition_ForEveryState()
    {
        foreach (var state in Enum.GetValues<AgentState>())
        {
            if (AgentMoves.Refusal(state) is null)
                Assert.Equal(AgentState.Terminated, AgentTransitions.Move(state));
            else
                Assert.Throws<InvalidTransitionException>(() => AgentTransitions.Move(state));
        }
    }
}
