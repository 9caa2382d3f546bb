namespace Aims.Core.Signals;

/// <summary>CAEP 1.0 §2 <c>initiating_entity</c>: who or what caused the event.</summary>
public enum InitiatingEntity
{
    Admin,
    User,
    Policy,
    System,
}
