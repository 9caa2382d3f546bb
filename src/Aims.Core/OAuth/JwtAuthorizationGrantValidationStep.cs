namespace Aims.Core.OAuth;

/// <summary>One named check of JWT authorization grant validation; false means the context holds the rejection.</summary>
internal delegate bool JwtAuthorizationGrantValidationStep(JwtAuthorizationGrantValidationContext context);
