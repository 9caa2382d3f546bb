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

        [(AgentState.Registered, "activate")] = null,
        [(AgentState.Attested, "activate")] = AgentState.Active,
        [(AgentState.Active, "activate")] = AgentState.Active,
        [(AgentState.Suspended, "activate")] = null,
        [(AgentState.Terminated, "activate")] = null,

        [(AgentState.Registered, "suspend")] = AgentState.Suspended,
        [(AgentState.Attested, "suspend")] = AgentState.Suspended,
        [(AgentState.Active, "suspend")] = AgentState.Suspended,
        [(AgentState.Suspended, "suspend")] = null,
        [(AgentState.Terminated, "suspend")] = null,

        [(AgentState.Registered, "resume")] = null,
        [(AgentState.Attested, "resume")] = null,
        [(AgentState.Active, "resume")] = null,
        [(AgentState.Suspended, "resume")] = AgentState.Active,
        [(AgentState.Terminated, "resume")] = null,

        [(AgentState.Registered, "terminate")] = AgentState.Terminated,
        [(AgentState.Attested, "terminate")] = AgentState.Terminated,
        [(AgentState.Active, "terminate")] = AgentState.Terminated,
        [(AgentState.Suspended, "terminate")] = AgentState.Terminated,
        [(AgentState.Terminated, "terminate")] = null,
    };

    private static readonly Dictionary<string, Func<AgentState, AgentState>> Actions = new()
    {
        ["attest"] = AgentTransitions.Attest,
        ["activate"] = AgentTransitions.Activate,
        ["suspend"] = AgentTransitions.Suspend,
        ["resume"] = from => AgentTransitions.Resume(from, AgentState.Active),
        ["terminate"] = AgentTransitions.Terminate,
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
    public void CanReceiveCredentials_EveryState_OnlyAttestedOrActive(AgentState state, bool expected)
    {
        Assert.Equal(expected, AgentTransitions.CanReceiveCredentials(state));
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
    public void Resume_ReturnsToTheStateBeforeSuspension(AgentState suspendedFrom)
    {
        var suspended = AgentTransitions.Suspend(suspendedFrom);

        Assert.Equal(suspendedFrom, AgentTransitions.Resume(suspended, suspendedFrom));
    }
}
