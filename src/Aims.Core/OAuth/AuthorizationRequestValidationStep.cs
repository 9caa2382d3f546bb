namespace Aims.Core.OAuth;

/// <summary>One named check of an authorization request; false means the context holds the rejection.</summary>
internal delegate bool AuthorizationRequestValidationStep(AuthorizationRequestValidationContext context);
