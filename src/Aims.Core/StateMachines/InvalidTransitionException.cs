namespace Aims.Core.StateMachines;

/// <summary>
/// Thrown when a state machine is asked for a move its current state does not allow. A transition is never
/// a silent no-op: callers either make a legal move or hear about it.
/// </summary>
public sealed class InvalidTransitionException : InvalidOperationException
{
    public InvalidTransitionException(string machine, string from, string action)
        : base($"{machine} cannot {action} from state {from}.")
    {
        Machine = machine;
        From = from;
        Action = action;
    }

    public InvalidTransitionException()
    {
        Machine = From = Action = string.Empty;
    }

    public InvalidTransitionException(string message)
        : base(message)
    {
        Machine = From = Action = string.Empty;
    }

    public InvalidTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Machine = From = Action = string.Empty;
    }

    public string Machine { get; }

    public string From { get; }

    public string Action { get; }
}
