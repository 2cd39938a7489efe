namespace SharpPrune.Fuzz.Targets;

/// <param name="Error">The escaped exception for a crash, else null.</param>
/// <param name="AllocatedBytes">Managed bytes the parse allocated on its thread; -1 for a hang.</param>
public sealed record FuzzOutcome(FuzzVerdict Verdict, Exception? Error, long AllocatedBytes, long InputBytes)
{
    public bool IsBug => Verdict is FuzzVerdict.Crash or FuzzVerdict.Hang or FuzzVerdict.BigAllocation;

    public string Describe() => Verdict switch
    {
        FuzzVerdict.Crash => $"crash: {Error!.GetType().FullName}: {Error.Message.Split('\n')[0]}",
        FuzzVerdict.BigAllocation => $"big allocation: {AllocatedBytes} bytes for {InputBytes} bytes of input",
        var v => v.ToString().ToLowerInvariant(),
    };
}
