namespace SharpPrune.Fuzz.Targets;

public enum FuzzVerdict
{
    /// <summary>The parser returned a result.</summary>
    Accepted,

    /// <summary>The parser refused the input with a SharpPruneException: the contract for bad files.</summary>
    Rejected,

    /// <summary>Any other exception escaped: a bug.</summary>
    Crash,

    /// <summary>No answer within the time limit.</summary>
    Hang,

    /// <summary>Answered, but allocated far more than the input's size justifies.</summary>
    BigAllocation,
}
