namespace Aims.Core.Credentials;

/// <summary>One named check of a JWT validation pipeline; false means the context holds the rejection.</summary>
internal delegate bool JwtValidationStep(JwtValidationContext context);
