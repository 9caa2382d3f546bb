using Aims.Core.Sessions;
using Aims.Core.StateMachines;

namespace Aims.Core.Tests.Sessions;

/// <summary>Every (state, action) pair of an authorization flow: the next state, or an <see cref="InvalidTransitionException"/>.</summary>
public sealed class AuthorizationFlowTransitionsTests
{
    private static readonly Dictionary<string, Func<AuthorizationFlowState, AuthorizationFlowState>> Actions = new()
    {
        ["start"] = AuthorizationFlowTransitions.Start,
        ["authenticate"] = AuthorizationFlowTransitions.Authenticate,
        ["lock"] = AuthorizationFlowTransitions.Lock,
        ["complete"] = AuthorizationFlowTransitions.Complete,
        ["deny"] = AuthorizationFlowTransitions.Deny,
        ["expire"] = AuthorizationFlowTransitions.Expire,
    };

    /// <summary>The legal moves; every other (state, action) pair must throw.</summary>
    private static readonly Dictionary<(AuthorizationFlowState From, string Action), AuthorizationFlowState> Legal = new()
    {
        [(AuthorizationFlowState.None, "start")] = AuthorizationFlowState.Pending,
        [(AuthorizationFlowState.Pending, "authenticate")] = AuthorizationFlowState.Authenticated,
        [(AuthorizationFlowState.Pending, "lock")] = AuthorizationFlowState.Locked,
        [(AuthorizationFlowState.Pending, "expire")] = AuthorizationFlowState.Expired,
        [(AuthorizationFlowState.Authenticated, "complete")] = AuthorizationFlowState.Completed,
        [(AuthorizationFlowState.Authenticated, "deny")] = AuthorizationFlowState.Denied,
        [(AuthorizationFlowState.Authenticated, "expire")] = AuthorizationFlowState.Expired,
    };

    public static TheoryData<AuthorizationFlowState, string> Cases()
    {
        var data = new TheoryData<AuthorizationFlowState, string>();
        foreach (var state in Enum.GetValues<AuthorizationFlowState>())
        {
            foreach (var action in Actions.Keys)
                data.Add(state, action);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transition_EveryStateAndAction_LegalMoveOrThrows(AuthorizationFlowState from, string action)
    {
        if (Legal.TryGetValue((from, action), out var to))
        {
            Assert.Equal(to, Actions[action](from));
        }
        else
        {
            var error = Assert.Throws<InvalidTransitionException>(() => Actions[action](from));
            Assert.Equal("authorization flow", error.Machine);
        }
    }

    [Theory]
    [InlineData(AuthorizationFlowState.Pending, true)]
    [InlineData(AuthorizationFlowState.Authenticated, true)]
    [InlineData(AuthorizationFlowState.Completed, false)]
    [InlineData(AuthorizationFlowState.Denied, false)]
    [InlineData(AuthorizationFlowState.Expired, false)]
    [InlineData(AuthorizationFlowState.Locked, false)]
    public void IsOpen_OnlyBeforeADecision(AuthorizationFlowState state, bool open) => Assert.Equal(open, AuthorizationFlowTransitions.IsOpen(state));

    [Fact]
    public void FlowExpired_AtTenMinutes()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.False(SessionLimits.FlowExpired(start, start.AddMinutes(10).AddTicks(-1)));
        Assert.True(SessionLimits.FlowExpired(start, start.AddMinutes(10)));
    }
}
