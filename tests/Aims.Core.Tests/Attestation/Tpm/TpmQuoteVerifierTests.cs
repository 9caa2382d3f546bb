using System.Security.Cryptography;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Tpm;

namespace Aims.Core.Tests.Attestation.Tpm;

public sealed class TpmQuoteVerifierTests : IDisposable
{
    private readonly ECDsa _ak = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _nonce = AttestationChallenge.NewNonce();
    private readonly Dictionary<int, byte[]> _pcrs = TpmQuoteBuilder.Pcrs(0, 1, 16);

    public void Dispose() => _ak.Dispose();

    [Fact]
    public void Verify_DerSignedQuoteWithNonce_ProvesAkAndEveryQuotedPcr()
    {
        var key = Enrol(_ak.ExportSubjectPublicKeyInfoPem());
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);

        var result = TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, TpmQuoteBuilder.SignDer(_ak, quote), _pcrs, _nonce), key);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Equal("tpm", result.Evidence.Type);
        Assert.Equal(key.Id, Convert.ToHexStringLower(SHA256.HashData(_ak.ExportSubjectPublicKeyInfo())));
        Assert.Equal(
            [$"tpm:ak:{key.Id}", .. new[] { 0, 1, 16 }.Select(i => $"tpm:pcr:{i}:{Convert.ToHexStringLower(_pcrs[i])}")],
            result.Evidence.Selectors);
        Assert.Equal($"ak {key.Id}", result.Evidence.VerifiedBy);
    }

    [Fact]
    public void Verify_TpmtSignature_Verifies()
    {
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);

        var result = TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, TpmQuoteBuilder.SignTpmt(_ak, quote), _pcrs, _nonce), Enrol(_ak.ExportSubjectPublicKeyInfoPem()));

        Assert.True(result.IsVerified, result.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_RsaAk_PlainAndTpmtSignaturesVerify(bool tpmt)
    {
        using var rsa = RSA.Create(2048);
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);

        var result = TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, TpmQuoteBuilder.SignRsa(rsa, quote, tpmt), _pcrs, _nonce), Enrol(rsa.ExportSubjectPublicKeyInfoPem()));

        Assert.True(result.IsVerified, result.Reason);
    }

    [Fact]
    public void Verify_QuoteOfAnotherNonce_RefusedByNonceRule()
    {
        var quote = TpmQuoteBuilder.Quote(AttestationChallenge.NewNonce(), _pcrs);

        var result = Verify(quote, TpmQuoteBuilder.SignDer(_ak, quote));

        AssertRefused(result, "tpm.nonce", "challenge nonce");
    }

    [Fact]
    public void Verify_SignedByAnotherKey_RefusedBySignatureRule()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);

        var result = Verify(quote, TpmQuoteBuilder.SignDer(forger, quote));

        AssertRefused(result, "tpm.signature", "does not verify");
    }

    [Fact]
    public void Verify_QuoteAlteredAfterSigning_RefusedBySignatureRule()
    {
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);
        var signature = TpmQuoteBuilder.SignDer(_ak, quote);
        quote[^1] ^= 0x01;

        AssertRefused(Verify(quote, signature), "tpm.signature", "altered");
    }

    [Fact]
    public void Verify_PcrValueChangedAfterQuote_RefusedByDigestRule()
    {
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);
        var extended = new Dictionary<int, byte[]>(_pcrs) { [16] = SHA256.HashData([.. _pcrs[16], .. SHA256.HashData("x"u8)]) };

        var result = TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, TpmQuoteBuilder.SignDer(_ak, quote), extended, _nonce), Enrol(_ak.ExportSubjectPublicKeyInfoPem()));

        AssertRefused(result, "tpm.pcr-digest", "not the ones the TPM quoted");
    }

    [Fact]
    public void Verify_ValuesForOtherPcrsThanQuoted_RefusedBySelectionRule()
    {
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);
        var fewer = _pcrs.Where(p => p.Key != 16).ToDictionary();

        var result = TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, TpmQuoteBuilder.SignDer(_ak, quote), fewer, _nonce), Enrol(_ak.ExportSubjectPublicKeyInfoPem()));

        AssertRefused(result, "tpm.pcr-selection", "selects PCRs 0,1,16");
    }

    [Fact]
    public void Verify_Sha1Bank_RefusedByBankRule()
    {
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs, bank: TpmQuoteBuilder.Sha1);

        AssertRefused(Verify(quote, TpmQuoteBuilder.SignDer(_ak, quote)), "tpm.pcr-bank", "sha256");
    }

    [Theory]
    [InlineData(0xdeadbeefu, (ushort)0x8018, "TPM_GENERATED_VALUE")]
    [InlineData(0xff544347u, (ushort)0x8017, "TPM_ST_ATTEST_QUOTE")]
    public void Verify_NotATpmGeneratedQuote_RefusedByQuoteRule(uint magic, ushort type, string expected)
    {
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs, magic: magic, type: type);

        AssertRefused(Verify(quote, TpmQuoteBuilder.SignDer(_ak, quote)), "tpm.quote", expected);
    }

    [Fact]
    public void Verify_BytesAfterTheStructure_RefusedByQuoteRule()
    {
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs, trailing: [0]);

        AssertRefused(Verify(quote, TpmQuoteBuilder.SignDer(_ak, quote)), "tpm.quote", "bytes follow");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(60)]
    public void Verify_TruncatedQuote_RefusedByQuoteRule(int length)
    {
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs)[..length];

        Assert.Equal("tpm.quote", Verify(quote, TpmQuoteBuilder.SignDer(_ak, quote)).Rule);
    }

    [Fact]
    public void Verify_PinnedPcrUnchanged_Verifies()
    {
        var key = Enrol(_ak.ExportSubjectPublicKeyInfoPem(), new Dictionary<int, byte[]> { [16] = _pcrs[16] });
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);

        Assert.True(TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, TpmQuoteBuilder.SignDer(_ak, quote), _pcrs, _nonce), key).IsVerified);
    }

    [Fact]
    public void Verify_PinnedPcrChanged_RefusedByPcrPolicyRule()
    {
        var key = Enrol(_ak.ExportSubjectPublicKeyInfoPem(), new Dictionary<int, byte[]> { [16] = new byte[32] });
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);

        var result = TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, TpmQuoteBuilder.SignDer(_ak, quote), _pcrs, _nonce), key);

        AssertRefused(result, "tpm.pcr-policy", "PCR 16");
    }

    [Fact]
    public void Verify_PinnedPcrNotQuoted_RefusedByPcrPolicyRule()
    {
        var key = Enrol(_ak.ExportSubjectPublicKeyInfoPem(), new Dictionary<int, byte[]> { [7] = new byte[32] });
        var quote = TpmQuoteBuilder.Quote(_nonce, _pcrs);

        var result = TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, TpmQuoteBuilder.SignDer(_ak, quote), _pcrs, _nonce), key);

        AssertRefused(result, "tpm.pcr-policy", "include it in the quote");
    }

    [Fact]
    public void TryCreate_P384Key_RefusedWithWhatIsAccepted()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.False(TpmAttestationKey.TryCreate(p384.ExportSubjectPublicKeyInfoPem(), null, out _, out var error));
        Assert.Contains("P-256", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not pem")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    [InlineData("")]
    public void TryCreate_NotAPublicKeyPem_Refused(string pem)
    {
        Assert.False(TpmAttestationKey.TryCreate(pem, null, out _, out var error));
        Assert.Contains("PUBLIC KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_PinnedPcrOfWrongSize_Refused()
    {
        Assert.False(TpmAttestationKey.TryCreate(_ak.ExportSubjectPublicKeyInfoPem(), new Dictionary<int, byte[]> { [24] = new byte[32] }, out _, out var error));
        Assert.Contains("0 to 23", error, StringComparison.Ordinal);
    }

    private AttestationResult Verify(byte[] quote, byte[] signature) =>
        TpmQuoteVerifier.Verify(new TpmQuoteEvidence(quote, signature, _pcrs, _nonce), Enrol(_ak.ExportSubjectPublicKeyInfoPem()));

    private static TpmAttestationKey Enrol(string pem, IReadOnlyDictionary<int, byte[]>? pinned = null)
    {
        Assert.True(TpmAttestationKey.TryCreate(pem, pinned, out var key, out var error), error);
        return key;
    }

    private static void AssertRefused(AttestationResult result, string rule, string detail)
    {
        Assert.False(result.IsVerified);
        Assert.Equal(rule, result.Rule);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
        Assert.StartsWith(rule + ": ", result.Reason, StringComparison.Ordinal);
    }
}
