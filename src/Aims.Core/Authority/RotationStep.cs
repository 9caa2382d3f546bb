namespace Aims.Core.Authority;

/// <summary>What the rotation schedule says to do next for one kind of key.</summary>
public abstract record RotationStep
{
    private RotationStep()
    {
    }

    /// <summary>Nothing is due.</summary>
    public sealed record None : RotationStep;

    /// <summary>Generate a new key and publish it as prepared.</summary>
    public sealed record Prepare : RotationStep;

    /// <summary>Make <paramref name="Kid"/> the signing key; <paramref name="RetiringKid"/>, if any, stops signing.</summary>
    public sealed record Activate(string Kid, string? RetiringKid) : RotationStep;

    /// <summary>Remove an expired key from the bundle.</summary>
    public sealed record Drop(string Kid) : RotationStep;

    public static RotationStep Nothing { get; } = new None();
}
