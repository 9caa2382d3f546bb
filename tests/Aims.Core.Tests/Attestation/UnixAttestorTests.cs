using Aims.Core.Attestation.Unix;

namespace Aims.Core.Tests.Attestation;

public sealed class UnixAttestorTests
{
    private const string Digest = "48d8fe0000000000000000000000000000000000000000000000000000f45f00";

    private static readonly UnixProcessFacts Good = new(4242, 1000, 100, "/usr/local/bin/web", Digest, SameProcessThroughout: true);

    [Fact]
    public void Attest_LiveProcess_UidGidPathAndSha256Selectors()
    {
        var attestation = UnixAttestor.Attest(Good);

        Assert.True(attestation.Attested, attestation.Refusal);
        Assert.Equal(["unix:uid:1000", "unix:gid:100", "unix:path:/usr/local/bin/web", "unix:sha256:" + Digest], attestation.Selectors);
    }

    [Fact]
    public void Attest_Root_UidZeroIsASelectorLikeAnyOther()
    {
        var attestation = UnixAttestor.Attest(Good with { Uid = 0, Gid = 0 });

        Assert.Contains("unix:uid:0", attestation.Selectors);
        Assert.Contains("unix:gid:0", attestation.Selectors);
    }

    public static TheoryData<UnixProcessFacts, string> Refused() => new()
    {
        { Good with { Pid = 0 }, "no process id" },
        { Good with { SameProcessThroughout = false }, "exited or was replaced while it was being measured" },
        { Good with { ExecutablePath = "" }, "no absolute path" },
        { Good with { ExecutablePath = "web" }, "no absolute path" },
        { Good with { ExecutablePath = "/usr/local/bin/web (deleted)" }, "was deleted or replaced after it started" },
        { Good with { ExecutablePath = "/usr/bin/a\nb" }, "control characters" },
        { Good with { ExecutablePath = "/" + new string('a', UnixAttestor.MaxPathLength) }, "longer than" },
        { Good with { ExecutableSha256 = Digest.ToUpperInvariant() }, "not 64 lowercase hex" },
        { Good with { ExecutableSha256 = Digest[..62] }, "not 64 lowercase hex" },
        { Good with { ExecutableSha256 = "" }, "not 64 lowercase hex" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Attest_UntrustworthyFacts_RefusedWithReasonAndNoSelectors(UnixProcessFacts facts, string reason)
    {
        var attestation = UnixAttestor.Attest(facts);

        Assert.False(attestation.Attested);
        Assert.Contains(reason, attestation.Refusal, StringComparison.Ordinal);
        Assert.Empty(attestation.Selectors);
    }
}
