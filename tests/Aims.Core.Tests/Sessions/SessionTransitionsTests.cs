using Aims.Core.Sessions;
using Aims.Core.StateMachines;

namespace Aims.Core.Tests.Sessions;

/// <summary>Every (state, action) pair of the session lifecycle: the next state, or an <see cref="InvalidTransitionException"/> (null below).</summary>
public sealed class SessionTransitionsTests
{
    private static readonly Dictionary<string, Func<SessionState, SessionState>> Actions = new()
    {
        ["authorize"] = SessionTransitions.Authorize,
        ["establish"] = SessionTransitions.Establish,
        ["revoke"] = SessionTransitions.Revoke,
        ["end"] = SessionTransitions.End,
    };

    private static readonly Dictionary<(SessionState From, string Action), SessionState?> Expected = new()
    {
        [(SessionState.None, "authorize")] = SessionState.Authorized,
        [(SessionState.Authorized, "authorize")] = null,
        [(SessionState.Established, "authorize")] = null,
        [(SessionState.Revoked, "authorize")] = null,
        [(SessionState.Ended, "authorize")] = null,

        [(SessionState.None, "establish")] = null,
        [(SessionState.Authorized, "establish")] = SessionState.Established,
        [(SessionState.Established, "establish")] = null,
        [(SessionState.Revoked, "establish")] = null,
        [(SessionState.Ended, "establish")] = null,

        [(SessionState.None, "revoke")] = null,
        [(SessionState.Authorized, "revoke")] = SessionState.Revoked,
        [(SessionState.Established, "revoke")] = SessionState.Revoked,
        [(SessionState.Revoked, "revoke")] = null,
        [(SessionState.Ended, "revoke")] = null,

        [(SessionState.None, "end")] = null,
        [(SessionState.Authorized, "end")] = SessionState.Ended,
        [(SessionState.Established, "end")] = SessionState.Ended,
        [(SessionState.Revoked, "end")] = null,
        [(SessionState.Ended, "end")] = null,
    };

    public static TheoryData<SessionState, string> Cases()
    {
        var data = new TheoryData<SessionState, string>();
        foreach (var (from, action) in Expected.Keys)
            data.Add(from, action);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transition_EveryStateAndAction_LegalMoveOrThrows(SessionState from, string action)
    {
        var expected = Expected[(from, action)];

        if (expected is { } to)
        {
            Assert.Equal(to, Actions[action](from));
        }
        else
        {
            var error = Assert.Throws<InvalidTransitionException>(() => Actions[action](from));
            Assert.Equal("session", error.Machine);
            Assert.Equal(action, error.Action);
        }
    }

    [Fact]
    public void Table_CoversEveryStateAndAction() =>
        Assert.Equal(Enum.GetValues<SessionState>().Length * Actions.Count, Expected.Count);

    [Theory]
    [InlineData(SessionState.Authorized, true)]
    [InlineData(SessionState.Established, true)]
    [InlineData(SessionState.None, false)]
    [InlineData(SessionState.Revoked, false)]
    [InlineData(SessionState.Ended, false)]
    public void IsLive_OnlyAuthorizedAndEstablished(SessionState state, bool live) => Assert.Equal(live, SessionTransitions.IsLive(state));
}
