using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.OAuth;

/// <summary>The outcome of an OAuth protocol step: a value, or the <see cref="OAuthError"/> to send back. A bad request is data.</summary>
public sealed class OAuthResult<T>
    where T : class
{
    private OAuthResult(T? value, OAuthError? error)
    {
        Value = value;
        Error = error;
    }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;

    public T? Value { get; }

    public OAuthError? Error { get; }

#pragma warning disable CA1000 // Factory methods on a generic result type read best as Result<T>.Success(value).
    public static OAuthResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null);
    }

    public static OAuthResult<T> Failure(OAuthError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
#pragma warning restore CA1000

    public override string ToString() => IsSuccess ? $"success {Value}" : Error.ToString();
}
