namespace EcsBridge.Core.Ecs;

/// <summary>Input that cannot be read or understood. The message is written for the person who supplied the
/// input (with a line and column where there is one); callers print it as it is, never a stack trace.</summary>
public sealed class EcsInputException : Exception
{
    public EcsInputException(string message)
        : base(message)
    {
    }

    public EcsInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EcsInputException()
    {
    }
}
