namespace Aims.Bench.ResourceServer;

/// <summary>
/// Pre-minted WPTs for one operation, each used once: a proof's jti is single use, and minting one costs a signature
/// that must not be counted against the path that validates it. <see cref="TopUp"/> runs before each timed slice
/// (<see cref="BenchOp.Prepare"/>) and mints enough for the slice at the fastest rate seen so far, twice over.
/// </summary>
internal sealed class ProofPool(string name, Func<int, string[]> mint)
{
    private readonly Queue<string> _proofs = new();
    private double _fastestPerSecond = 40_000;
    private int _atSliceStart;
    private DateTimeOffset _sliceStarted;

    public void TopUp(TimeSpan slice)
    {
        // What the previous slice used tells how fast this operation runs.
        if (_sliceStarted != default)
        {
            var used = _atSliceStart - _proofs.Count;
            var seconds = (DateTimeOffset.UtcNow - _sliceStarted).TotalSeconds;
            if (seconds > 0)
                _fastestPerSecond = Math.Max(_fastestPerSecond, used / seconds);
        }

        var needed = (int)(_fastestPerSecond * slice.TotalSeconds * 2) + 200;
        if (_proofs.Count < needed)
        {
            foreach (var proof in mint(needed - _proofs.Count))
                _proofs.Enqueue(proof);
        }

        _atSliceStart = _proofs.Count;
        _sliceStarted = DateTimeOffset.UtcNow;
    }

    public string Next() => _proofs.TryDequeue(out var proof)
        ? proof
        : throw new InvalidOperationException($"{name}: the proofs minted for this slice are used up; the operation ran more than twice as fast as before");
}
