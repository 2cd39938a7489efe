namespace SharpPrune.Fuzz.Targets;

/// <summary>
/// Runs one input through a target and classifies what happened. The parse runs on its own thread
/// so a hang can be detected (and abandoned: .NET cannot kill a thread) and so the thread's
/// allocation counter measures the parse alone.
/// </summary>
public static class FuzzExecutor
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Allocation allowed per input byte, plus a fixed allowance for the parser's own setup: anything
    /// above it grew with a number read from the file, not with the file.
    /// </summary>
    public const long BytesPerInputByte = 64;

    public const long FixedAllowance = 4 << 20;

    /// <param name="folder">An empty folder to write the input's files into.</param>
    public static FuzzOutcome Execute(IFuzzTarget target, byte[] input, string folder)
    {
        var files = target.Files(input);
        files.WriteTo(folder);
        var run = Task.Factory.StartNew(() => Measure(target, folder), TaskCreationOptions.LongRunning);
        if (!run.Wait(Timeout))
        {
            return new FuzzOutcome(FuzzVerdict.Hang, null, -1, files.TotalBytes);
        }
        var (error, allocated) = run.Result;
        var verdict = error switch
        {
            null => FuzzVerdict.Accepted,
            SharpPruneException => FuzzVerdict.Rejected,
            _ => FuzzVerdict.Crash,
        };
        if (verdict != FuzzVerdict.Crash && allocated > BytesPerInputByte * files.TotalBytes + FixedAllowance)
        {
            verdict = FuzzVerdict.BigAllocation;
        }
        return new FuzzOutcome(verdict, error, allocated, files.TotalBytes);
    }

    static (Exception? Error, long Allocated) Measure(IFuzzTarget target, string folder)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = null;
        try
        {
            target.Run(folder);
        }
        // Everything is caught on purpose: classifying the exception is this harness's whole job.
        catch (Exception e)
        {
            error = e;
        }
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
