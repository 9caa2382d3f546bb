namespace Aims.Bench;

/// <summary>The issuance paths through <c>ICredentialIssuerGrain</c>, one call in flight at a time.</summary>
internal sealed class GrainBenchmarks(GrainFixture grain, IssuanceFixture fixture)
{
    public IEnumerable<BenchOp> Calls()
    {
        var issuer = grain.Issuer;
        var id = IssuanceFixture.AgentIdText;
        var audience = IssuanceFixture.Audience;
        var jwk = fixture.AgentJwkJson;
        var csrPem = fixture.CsrPem;

        yield return BenchOp.Async(Ops.GrainJwt, () => issuer.MintJwtSvidAsync(id, audience, IssuanceFixture.JwtTtl));
        yield return BenchOp.Async(Ops.GrainWit, () => issuer.MintWitAsync(id, jwk, IssuanceFixture.JwtTtl));
        yield return BenchOp.Async(Ops.GrainX509, () => issuer.IssueX509SvidAsync(id, csrPem, IssuanceFixture.X509Ttl, []));
    }

    /// <summary>Each call against its crypto bound, and against the same Core path without the grain.</summary>
    public static IEnumerable<Comparison> Comparisons()
    {
        yield return new Comparison(Ops.GrainJwt, "1/(1/sign + 1/verify)", r => Comparison.Serial(r, Ops.RawSign, Ops.RawVerify), null);
        yield return new Comparison(Ops.GrainJwt, Ops.JwtMintVerify, r => r[Ops.JwtMintVerify], null);
        yield return new Comparison(Ops.GrainWit, "1/(1/sign + 1/verify)", r => Comparison.Serial(r, Ops.RawSign, Ops.RawVerify), null);
        yield return new Comparison(Ops.GrainWit, Ops.WitMintVerify, r => r[Ops.WitMintVerify], null);
        yield return new Comparison(Ops.GrainX509, "1/(1/csr + 1/sign + 1/verify)",
            r => Comparison.Serial(r, Ops.RawCsrVerify, Ops.RawSign, Ops.RawVerify), null);
        yield return new Comparison(Ops.GrainX509, Ops.X509Path, r => r[Ops.X509Path], null);
    }
}
