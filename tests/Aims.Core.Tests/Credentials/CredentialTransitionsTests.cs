using Aims.Core.Credentials;
using Aims.Core.StateMachines;

namespace Aims.Core.Tests.Credentials;

/// <summary>Every (state, action) pair of a credential: the next state, or an <see cref="InvalidTransitionException"/> (null below).</summary>
public sealed class CredentialTransitionsTests
{
    private static readonly Dictionary<(CredentialState From, string Action), CredentialState?> Expected = new()
    {
        [(CredentialState.Issued, "activate")] = CredentialState.Active,
        [(CredentialState.Active, "activate")] = null,
        [(CredentialState.Superseded, "activate")] = null,
        [(CredentialState.Expired, "activate")] = null,
        [(CredentialState.Revoked, "activate")] = null,

        [(CredentialState.Issued, "supersede")] = null,
        [(CredentialState.Active, "supersede")] = CredentialState.Superseded,
        [(CredentialState.Superseded, "supersede")] = null,
        [(CredentialState.Expired, "supersede")] = null,
        [(CredentialState.Revoked, "supersede")] = null,

        [(CredentialState.Issued, "expire")] = CredentialState.Expired,
        [(CredentialState.Active, "expire")] = CredentialState.Expired,
        [(CredentialState.Superseded, "expire")] = CredentialState.Expired,
        [(CredentialState.Expired, "expire")] = null,
        [(CredentialState.Revoked, "expire")] = null,

        [(CredentialState.Issued, "revoke")] = CredentialState.Revoked,
        [(CredentialState.Active, "revoke")] = CredentialState.Revoked,
        [(CredentialState.Superseded, "revoke")] = CredentialState.Revoked,
        [(CredentialState.Expired, "revoke")] = null,
        [(CredentialState.Revoked, "revoke")] = null,
    };

    private static readonly Dictionary<string, Func<CredentialState, CredentialState>> Actions = new()
    {
        ["activate"] = CredentialTransitions.Activate,
        ["supersede"] = CredentialTransitions.Supersede,
        ["expire"] = CredentialTransitions.Expire,
        ["revoke"] = CredentialTransitions.Revoke,
    };

    public static TheoryData<CredentialState, string> Pairs
    {
        get
        {
            var data = new TheoryData<CredentialState, string>();
            foreach (var state in Enum.GetValues<CredentialState>())
            {
                foreach (var action in Actions.Keys)
                    data.Add(state, action);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Transition_EveryStateAndAction_MovesOrThrows(CredentialState from, string action)
    {
        var expected = Expected[(from, action)];

        if (expected is { } next)
        {
            Assert.Equal(next, Actions[action](from));
        }
        else
        {
            var e = Assert.Throws<InvalidTransitionException>(() => Actions[action](from));
            Assert.Equal(("credential", from.ToString(), action), (e.Machine, e.From, e.Action));
        }
    }

    [Theory]
    [InlineData(CredentialState.Issued, true)]
    [InlineData(CredentialState.Active, true)]
    [InlineData(CredentialState.Superseded, true)]
    [InlineData(CredentialState.Expired, false)]
    [InlineData(CredentialState.Revoked, false)]
    public void IsLive_EveryState_UntilExpiredOrRevoked(CredentialState state, bool expected)
    {
        Assert.Equal(expected, CredentialTransitions.IsLive(state));
    }

    [Fact]
    public void Table_CoversEveryStateAndAction()
    {
        Assert.Equal(Enum.GetValues<CredentialState>().Length * Actions.Count, Expected.Count);
    }
}
