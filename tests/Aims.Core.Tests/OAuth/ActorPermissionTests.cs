using Aims.Core.Identity;
using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class ActorPermissionTests
{
    private const string Subject = "spiffe://aims.local/agents/a";
    private const string B = "spiffe://aims.local/agents/b";
    private const string C = "spiffe://aims.local/agents/c";

    private static SpiffeId[] Ids(params string[] ids) => [.. ids.Select(SpiffeId.Parse)];

    [Fact]
    public void Refusal_NoMayActAndNoPolicyList_AnyActorMay()
    {
        Assert.Null(ActorPermission.Refusal(C, Subject, null, []));
    }

    [Fact]
    public void Refusal_MayActNamesTheActor_Allowed()
    {
        Assert.Null(ActorPermission.Refusal(B, Subject, B, []));
    }

    [Fact]
    public void Refusal_MayActNamesSomeoneElse_SaysWhoMayAct()
    {
        var refusal = ActorPermission.Refusal(C, Subject, B, []);

        Assert.Equal($"the subject_token's may_act says only {B} may act for {Subject}, not {C} (RFC 8693 §4.4)", refusal);
    }

    [Fact]
    public void Refusal_ActorOnThePolicyList_Allowed()
    {
        Assert.Null(ActorPermission.Refusal(C, Subject, null, Ids(B, C)));
    }

    [Fact]
    public void Refusal_ActorNotOnThePolicyList_ListsWhoMay()
    {
        var refusal = ActorPermission.Refusal("spiffe://aims.local/agents/d", Subject, null, Ids(B, C));

        Assert.Contains($"lets only {B}, {C} act for it", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_MayActAllowsButPolicyNoLonger_Refused()
    {
        // The token was minted when B alone was permitted; the policy has since named C instead.
        Assert.NotNull(ActorPermission.Refusal(B, Subject, B, Ids(C)));
    }
}
