namespace SharpPrune.Memory;

/// <summary>
/// Refuses a run whose estimated peak exceeds the memory available, before it reads a weight: the
/// alternative is the kernel killing it minutes or hours in, with nothing said.
/// </summary>
public static class MemoryGuard
{
    public static void Check(string command, MemoryEstimate estimate, bool force) => Check(command, estimate, force, AvailableMemory.Read());

    /// <param name="available">Bytes available; null (unknown) never refuses.</param>
    public static void Check(string command, MemoryEstimate estimate, bool force, double? available)
    {
        if (force || available is not { } bytes || estimate.PeakBytes <= bytes) return;
        throw new SharpPruneException(
            $"{command}: estimated peak {MemoryPart.Format(estimate.PeakBytes)} exceeds available {MemoryPart.Format(bytes)} ({estimate}); pass --force to run anyway");
    }
}
