using SharpPrune.Models;

namespace SharpPrune.Memory;

/// <summary>
/// Refuses a run whose estimated peak exceeds the memory available, before it reads a weight: the
/// alternative is the kernel killing it minutes or hours in, with nothing said.
/// </summary>
public static class MemoryGuard
{
    public static void Check(string command, MemoryEstimate estimate, bool force) => Check(command, estimate, force, AvailableMemory.Read());

    /// <summary>
    /// Picks how the run holds its decoder layers — in memory in their stored dtype, or streamed from disk — and checks the
    /// choice fits: <see cref="StreamMode.Auto"/> streams when <paramref name="inMemory"/> is above <see cref="MemoryEstimate.Comfortable"/>
    /// of the memory available. <paramref name="streamed"/> is null where the run cannot stream, <paramref name="whyNotStreamed"/> saying why.
    /// </summary>
    public static WeightResidency Choose(string command, StreamMode mode, MemoryEstimate inMemory, MemoryEstimate? streamed, string? whyNotStreamed, bool force) =>
        Choose(command, mode, inMemory, streamed, whyNotStreamed, force, AvailableMemory.Read());

    /// <param name="available">Bytes available; null (unknown) never streams on its own and never refuses.</param>
    public static WeightResidency Choose(string command, StreamMode mode, MemoryEstimate inMemory, MemoryEstimate? streamed, string? whyNotStreamed,
        bool force, double? available)
    {
        if (mode == StreamMode.Always && streamed is null) throw new SharpPruneException($"--stream always: {whyNotStreamed}");
        bool stream = streamed is not null && (mode == StreamMode.Always
            || mode == StreamMode.Auto && available is { } bytes && inMemory.PeakBytes > MemoryEstimate.Comfortable * bytes);
        Check(command, stream ? streamed! : inMemory, force, available);
        return stream ? WeightResidency.Streamed : WeightResidency.Stored;
    }

    /// <param name="available">Bytes available; null (unknown) never refuses.</param>
    public static void Check(string command, MemoryEstimate estimate, bool force, double? available)
    {
        if (force || available is not { } bytes || estimate.PeakBytes <= bytes) return;
        throw new SharpPruneException(
            $"{command}: estimated peak {MemoryPart.Format(estimate.PeakBytes)} exceeds available {MemoryPart.Format(bytes)} ({estimate}); pass --force to run anyway");
    }
}
