using Aims.Core.Attestation;

namespace Aims.Core.Tests.Attestation;

public sealed class SelectorCoverageTests
{
    [Fact]
    public void Check_EveryRegisteredSelectorProven_Null()
    {
        Assert.Null(SelectorCoverage.Check(["k8s:ns:payments", "k8s:sa:api"], ["k8s:sa:api", "k8s:ns:payments", "k8s:pod-uid:1"], namedByEvidence: false));
    }

    [Fact]
    public void Check_OneRegisteredSelectorMissing_NamesIt()
    {
        var reason = SelectorCoverage.Check(["k8s:ns:payments", "slsa:builder:b"], ["k8s:ns:payments"], namedByEvidence: true);

        Assert.Contains("'slsa:builder:b'", reason, StringComparison.Ordinal);
        Assert.Contains("k8s:ns:payments", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoRegisteredSelectorsAndEvidenceNamesTheAgent_Null()
    {
        Assert.Null(SelectorCoverage.Check([], [], namedByEvidence: true));
    }

    [Fact]
    public void Check_NoRegisteredSelectorsAndEvidenceDoesNotNameTheAgent_Refused()
    {
        var reason = SelectorCoverage.Check([], ["oidc:sub:x"], namedByEvidence: false);

        Assert.Contains("no registered selectors", reason, StringComparison.Ordinal);
    }
}
