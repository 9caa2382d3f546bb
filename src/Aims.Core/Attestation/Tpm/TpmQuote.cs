using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.Attestation.Tpm;

/// <summary>
/// A TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE (TPM 2.0 Part 2 §10.12.8, §10.12.1) as <c>tpm2_quote -m</c> writes it:
/// magic, type, qualifiedSigner, extraData (the nonce), clock info, firmware version, then TPMS_QUOTE_INFO (the PCR
/// selection and the digest of the selected PCR values). Parsed strictly: every length is checked and nothing may follow.
/// Nothing in it is trustworthy until its signature verifies with an enrolled attestation key.
/// </summary>
public sealed class TpmQuote
{
    /// <summary>The largest TPMS_ATTEST read; a quote of every PCR of two banks is well under 1 KiB.</summary>
    public const int MaxLength = 1024;

    private TpmQuote(byte[] qualifiedSigner, byte[] extraData, ulong clock, uint resetCount, uint restartCount, ulong firmwareVersion,
        IReadOnlyList<TpmPcrSelection> selections, byte[] pcrDigest)
    {
        QualifiedSigner = qualifiedSigner;
        ExtraData = extraData;
        Clock = clock;
        ResetCount = resetCount;
        RestartCount = restartCount;
        FirmwareVersion = firmwareVersion;
        Selections = selections;
        PcrDigest = pcrDigest;
    }

    /// <summary>The AK's qualified name (not its name: it chains through the parent), TPM2B_NAME contents.</summary>
    public byte[] QualifiedSigner { get; }

    /// <summary>The qualifying data the quote was asked for: the fabric's nonce.</summary>
    public byte[] ExtraData { get; }

    public ulong Clock { get; }

    public uint ResetCount { get; }

    public uint RestartCount { get; }

    public ulong FirmwareVersion { get; }

    public IReadOnlyList<TpmPcrSelection> Selections { get; }

    /// <summary>The hash of the concatenated selected PCR values, in selection order.</summary>
    public byte[] PcrDigest { get; }

    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out TpmQuote? quote, [NotNullWhen(false)] out string? error)
    {
        quote = null;
        if (data.Length > MaxLength)
        {
            error = $"the quote is {data.Length} bytes; a TPMS_ATTEST of a quote is at most {MaxLength}";
            return false;
        }

        var reader = new Reader(data);
        if (!reader.U32(out var magic) || magic != TpmConstants.Generated)
        {
            error = $"magic is not TPM_GENERATED_VALUE 0x{TpmConstants.Generated:x8}: the structure was not made by a TPM (TPM 2.0 Part 2 §10.12.8)";
            return false;
        }

        if (!reader.U16(out var type) || type != TpmConstants.AttestQuote)
        {
            error = $"type is 0x{type:x4}, not TPM_ST_ATTEST_QUOTE 0x{TpmConstants.AttestQuote:x4}: send the message of tpm2_quote (-m)";
            return false;
        }

        if (!reader.Sized(out var signer) || !reader.Sized(out var extraData)
            || !reader.U64(out var clock) || !reader.U32(out var resetCount) || !reader.U32(out var restartCount) || !reader.U8(out _)
            || !reader.U64(out var firmware))
        {
            error = "the quote ends inside its header (qualifiedSigner, extraData, clockInfo, firmwareVersion)";
            return false;
        }

        if (extraData.Length > TpmConstants.MaxQualifyingData)
        {
            error = $"extraData is {extraData.Length} bytes; a TPM2B_DATA holds at most {TpmConstants.MaxQualifyingData}";
            return false;
        }

        if (!TryReadSelections(ref reader, out var selections, out error))
            return false;
        if (!reader.Sized(out var digest))
        {
            error = "the quote ends inside its pcrDigest";
            return false;
        }

        if (!reader.AtEnd)
        {
            error = "bytes follow the TPMS_ATTEST; send exactly the message tpm2_quote wrote (-m)";
            return false;
        }

        quote = new TpmQuote(signer.ToArray(), extraData.ToArray(), clock, resetCount, restartCount, firmware, selections, digest.ToArray());
        error = null;
        return true;
    }

    /// <summary>TPML_PCR_SELECTION: a count, then per bank a hash algorithm, a bitmap size and the bitmap (bit b of byte k = PCR 8k+b).</summary>
    private static bool TryReadSelections(ref Reader reader, out IReadOnlyList<TpmPcrSelection> selections, [NotNullWhen(false)] out string? error)
    {
        selections = [];
        if (!reader.U32(out var count) || count > 16)
        {
            error = "the PCR selection count is missing or larger than 16 (TPML_PCR_SELECTION)";
            return false;
        }

        var list = new List<TpmPcrSelection>((int)count);
        for (var i = 0; i < count; i++)
        {
            if (!reader.U16(out var hash) || !reader.U8(out var size) || size > 8 || !reader.Bytes(size, out var bitmap))
            {
                error = $"PCR selection {i} is truncated or its bitmap is larger than 8 bytes (TPMS_PCR_SELECTION)";
                return false;
            }

            var indices = new List<int>();
            for (var bit = 0; bit < bitmap.Length * 8; bit++)
            {
                if ((bitmap[bit / 8] & (1 << (bit % 8))) != 0)
                    indices.Add(bit);
            }

            list.Add(new TpmPcrSelection(hash, indices));
        }

        selections = list;
        error = null;
        return true;
    }

    /// <summary>A forward-only big-endian reader that fails instead of throwing at the end of the data.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool AtEnd => _rest.IsEmpty;

        public bool U8(out byte value)
        {
            value = 0;
            if (_rest.Length < 1)
                return false;
            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool U16(out ushort value)
        {
            value = 0;
            if (_rest.Length < 2)
                return false;
            value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
            _rest = _rest[2..];
            return true;
        }

        public bool U32(out uint value)
        {
            value = 0;
            if (_rest.Length < 4)
                return false;
            value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
            _rest = _rest[4..];
            return true;
        }

        public bool U64(out ulong value)
        {
            value = 0;
            if (_rest.Length < 8)
                return false;
            value = BinaryPrimitives.ReadUInt64BigEndian(_rest);
            _rest = _rest[8..];
            return true;
        }

        public bool Bytes(int length, out ReadOnlySpan<byte> value)
        {
            value = default;
            if (_rest.Length < length)
                return false;
            value = _rest[..length];
            _rest = _rest[length..];
            return true;
        }

        /// <summary>A TPM2B: a u16 size, then that many bytes.</summary>
        public bool Sized(out ReadOnlySpan<byte> value)
        {
            value = default;
            return U16(out var size) && Bytes(size, out value);
        }
    }
}
