namespace Aims.Core.Signals.TokenEffects;

/// <summary>What a received event means for the access tokens of the agent it names.</summary>
public enum TokenEffectKind
{
    /// <summary>Understood and nothing to change (no agent named, an event with no effect on tokens, a stream event).</summary>
    None,

    /// <summary>Every token of the agent issued at or before <see cref="TokenEffect.At"/> is refused from now on.</summary>
    RevokeIssuedBefore,

    /// <summary>The agent's tokens carry at most <see cref="TokenEffect.Ceiling"/> from now on.</summary>
    ReduceScope,

    /// <summary>The agent's ceiling is lifted: its tokens carry their own scope again.</summary>
    RestoreScope,

    /// <summary>The event's payload does not conform to its definition (RFC 8935 §2.4 <c>invalid_request</c>).</summary>
    Malformed,
}
