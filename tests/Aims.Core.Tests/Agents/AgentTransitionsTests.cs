using Aims.Core.Agents;
using Aims.Core.StateMachines;

namespace Aims.Core.Tests.Agents;

/// <summary>Every (state, action) pair of the agent lifecycle: the next state, or an <see cref="InvalidTransitionException"/> (null below).</summary>
public sealed class AgentTransitionsTests
{
    private static readonly Dictionary<(AgentState From, string Action), AgentState?> Expected = new()
    {
        [(AgentState.Registered, "attest")] = AgentState.Attested,
        [(AgentState.Attested, "attest")] = AgentState.Attested,
        [(AgentState.Active, "attest")] = AgentState.Active,
        [(AgentState.Suspended, "attest")] = null,
        [(AgentState.Terminated, "attest")] = null,
        [(AgentState.Compromised, "attest")] = null,
        [(AgentState.ScopeReduced, "attest")] = AgentState.ScopeReduced,

        [(AgentState.Registered, "activate")] = null,
        [(AgentState.Attested, "activate")] = AgentState.Active,
        [(AgentState.Active, "activate")] = AgentState.Active,
        [(AgentState.Suspended, "activate")] = null,
        [(AgentState.Terminated, "activate")] = null,
        [(AgentState.Compromised, "activate")] = null,
        [(AgentState.ScopeReduced, "activate")] = AgentState.ScopeReduced,

        [(AgentState.Registered, "suspend")] = AgentState.Suspended,
        [(AgentState.Attested, "suspend")] = AgentState.Suspended,
        [(AgentState.Active, "suspend")] = AgentState.Suspended,
        [(AgentState.Suspended, "suspend")] = null,
        [(AgentState.Terminated, "suspend")] = null,
        [(AgentState.Compromised, "suspend")] = null,
        [(AgentState.ScopeReduced, "suspend")] = AgentState.Suspended,

        [(AgentState.Registered, "resume")] = null,
        [(AgentState.Attested, "resume")] = null,
        [(AgentState.Active, "resume")] = null,
        [(AgentState.Suspended, "resume")] = AgentState.Active,
        [(AgentState.Terminated, "resume")] = null,
        [(AgentState.Compromised, "resume")] = null,
        [(AgentState.ScopeReduced, "resume")] = null,

        [(AgentState.Registered, "reduce-scope")] = null,
        [(AgentState.Attested, "reduce-scope")] = null,
        [(AgentState.Active, "reduce-scope")] = AgentState.ScopeReduced,
        [(AgentState.Suspended, "reduce-scope")] = null,
        [(AgentState.Terminated, "reduce-scope")] = null,
        [(AgentState.Compromised, "reduce-scope")] = null,
        [(AgentState.ScopeReduced, "reduce-scope")] = AgentState.ScopeReduced,

        [(AgentState.Registered, "restore-scope")] = null,
        [(AgentState.Attested, "restore-scope")] = null,
        [(AgentState.Active, "restore-scope")] = null,
        [(AgentState.Suspended, "restore-scope")] = null,
        [(AgentState.Terminated, "restore-scope")] = null,
        [(AgentState.Compromised, "restore-scope")] = null,
        [(AgentState.ScopeReduced, "restore-scope")] = AgentState.Active,

        [(AgentState.Registered, "compromise")] = AgentState.Compromised,
        [(AgentState.Attested, "compromise")] = AgentState.Compromised,
        [(AgentState.Active, "compromise")] = AgentState.Compromised,
        [(AgentState.Suspended, "compromise")] = AgentState.Compromised,
        [(AgentState.Terminated, "compromise")] = null,
        [(AgentState.Compromised, "compromise")] = null,
        [(AgentState.ScopeReduced, "compromise")] = AgentState.Compromised,

        [(AgentState.Registered, "terminate")] = AgentState.Terminated,
        [(AgentState.Attested, "terminate")] = AgentState.Terminated,
        [(AgentState.Active, "terminate")] = AgentState.Terminated,
        [(AgentState.Suspended, "terminate")] = AgentState.Terminated,
        [(AgentState.Terminated, "terminate")] = null,
        [(AgentState.Compromised, "terminate")] = AgentState.Terminated,
        [(AgentState.ScopeReduced, "terminate")] = AgentState.Terminated,

        [(AgentState.Registered, "move")] = AgentState.Terminated,
        [(AgentState.Attested, "move")] = AgentState.Terminated,
        [(AgentState.Active, "move")] = AgentState.Terminated,
        [(AgentState.Suspended, "move")] = null,
        [(AgentState.Terminated, "move")] = null,
        [(AgentState.Compromised, "move")] = null,
        [(AgentState.ScopeReduced, "move")] = null,
    };

    private static readonly Dictionary<string, Func<AgentState, AgentState>> Actions = new()
    {
        ["attest"] = AgentTransitions.Attest,
        ["activate"] = AgentTransitions.Activate,
        ["suspend"] = AgentTransitions.Suspend,
        ["resume"] = from => AgentTransitions.Resume(from, AgentState.Active),
        ["reduce-scope"] = AgentTransitions.ReduceScope,
        ["restore-scope"] = AgentTransitions.RestoreScope,
        ["compromise"] = AgentTransitions.Compromise,
        ["terminate"] = AgentTransitions.Terminate,
        ["move"] = AgentTransitions.Move,
    };

    /// <summary>Every state the enum has, with every action: a state added later without a row here fails the lookup.</summary>
    public static TheoryData<AgentState, string> Pairs
    {
        get
        {
            var data = new TheoryData<AgentState, string>();
            foreach (var state in Enum.GetValues<AgentState>())
            {
                foreach (var action in Actions.Keys)
                    data.Add(state, action);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Transition_EveryStateAndAction_MovesOrThrows(AgentState from, string action)
    {
        var expected = Expected[(from, action)];

        if (expected is { } next)
        {
            Assert.Equal(next, Actions[action](from));
        }
        else
        {
            var e = Assert.Throws<InvalidTransitionException>(() => Actions[action](from));
            Assert.Equal(("agent", from.ToString(), action), (e.Machine, e.From, e.Action));
            Assert.Equal($"agent cannot {action} from state {from}.", e.Message);
        }
    }

    [Theory]
    [InlineData(AgentState.Registered, false)]
    [InlineData(AgentState.Attested, true)]
    [InlineData(AgentState.Active, true)]
    [InlineData(AgentState.Suspended, false)]
    [InlineData(AgentState.Terminated, false)]
    [InlineData(AgentState.Compromised, false)]
    [InlineData(AgentState.ScopeReduced, true)]
    public void CanReceiveCredentials_EveryState_OnlyAttestedActiveOrReduced(AgentState state, bool expected)
    {
        Assert.Equal(expected, AgentTransitions.CanReceiveCredentials(state));
    }

    [Theory]
    [InlineData(AgentState.Registered, false, false)]
    [InlineData(AgentState.Attested, false, false)]
    [InlineData(AgentState.Active, true, false)]
    [InlineData(AgentState.Suspended, false, true)]
    [InlineData(AgentState.Terminated, false, true)]
    [InlineData(AgentState.Compromised, false, true)]
    [InlineData(AgentState.ScopeReduced, true, false)]
    public void Tokens_are_issued_only_to_active_or_reduced_agents_and_revoked_by_suspension_compromise_termination(
        AgentState state, bool receives, bool revokes)
    {
        Assert.Equal(receives, AgentTransitions.CanReceiveTokens(state));
        Assert.Equal(revokes, AgentTransitions.RevokesHeldTokens(state));
    }

    [Fact]
    public void Table_CoversEveryStateAndAction()
    {
        Assert.Equal(Enum.GetValues<AgentState>().Length * Actions.Count, Expected.Count);
    }

    [Theory]
    [InlineData(AgentState.Registered)]
    [InlineData(AgentState.Attested)]
    [InlineData(AgentState.Active)]
    [InlineData(AgentState.ScopeReduced)]
    public void Resume_ReturnsToTheStateBeforeSuspension(AgentState suspendedFrom)
    {
        var suspended = AgentTransitions.Suspend(suspendedFrom);

        Assert.Equal(suspendedFrom, AgentTransitions.Resume(suspended, suspendedFrom));
    }
}
