namespace Aims.Core.Wimse;

/// <summary>One named check of WPT validation; false means the context holds the rejection.</summary>
internal delegate bool WptValidationStep(WptValidationContext context);
