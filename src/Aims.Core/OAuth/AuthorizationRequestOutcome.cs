using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.OAuth;

/// <summary>The outcome of <see cref="AuthorizationRequestValidator.Validate"/>: a request to act on, or the rejection to send.</summary>
public sealed class AuthorizationRequestOutcome
{
    private AuthorizationRequestOutcome(AuthorizationRequest? request, AuthorizationRejection? rejection)
    {
        Request = request;
        Rejection = rejection;
    }

    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsValid => Request is not null;

    public AuthorizationRequest? Request { get; }

    public AuthorizationRejection? Rejection { get; }

    public static AuthorizationRequestOutcome Valid(AuthorizationRequest request) => new(request, null);

    public static AuthorizationRequestOutcome Rejected(AuthorizationRejection rejection) => new(null, rejection);

    public override string ToString() => IsValid ? $"valid request of {Request.ClientId}" : $"{Rejection.Delivery}: {Rejection.Error}";
}
