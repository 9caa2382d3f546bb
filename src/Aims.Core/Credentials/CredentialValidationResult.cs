namespace Aims.Core.Credentials;

/// <summary>
/// Outcome of validating a credential: the credential, or a <see cref="CredentialErrors"/> code plus a
/// human-readable detail that tells the caller what to fix. A refused credential is data, not an exception.
/// </summary>
public sealed class CredentialValidationResult<T>
    where T : class
{
    private CredentialValidationResult(T? value, string? error, string? detail)
    {
        Value = value;
        Error = error;
        Detail = detail;
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error), nameof(Detail))]
    public bool IsValid => Value is not null;

    public T? Value { get; }

    public string? Error { get; }

    public string? Detail { get; }

#pragma warning disable CA1000 // Factory methods on a generic result type read best as Result<T>.Success(value).
    public static CredentialValidationResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null, null);
    }

    public static CredentialValidationResult<T> Failure(string error, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        ArgumentException.ThrowIfNullOrEmpty(detail);
        return new(null, error, detail);
    }
#pragma warning restore CA1000

    public override string ToString() => IsValid ? $"valid {Value}" : $"{Error}: {Detail}";
}
