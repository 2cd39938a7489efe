using SharpPrune.Pruning;

namespace SharpPrune.Memory;

/// <summary>One named share of an estimated peak ("weights", "gradients", …), in bytes.</summary>
public readonly record struct MemoryPart(string Name, double Bytes)
{
    /// <summary>
    /// Ranking a whole matrix (or every linear) as one: the scores, the selection's managed copy of them, its marks and the
    /// mask, 10 bytes an entry for float32 scores and 14 for float64 ones (D-Pruner's ranks); counted as 16, the cost of
    /// the kthvalue-based selection it replaced, which errs on the safe side. Rows are ranked a slice at a time, so a
    /// row-scope ranking holds just the scores.
    /// </summary>
    const double RankedEntry = 16, RowRankedEntry = 4;

    public override string ToString() => $"{Name} {Format(Bytes)}";

    /// <summary>Ranking <paramref name="entries"/> scores, by row or as one.</summary>
    public static MemoryPart Ranking(double entries, PruningScope scope) =>
        new("ranking", (scope == PruningScope.Row ? RowRankedEntry : RankedEntry) * entries);

    /// <summary>Decimal units (1 GB = 10⁹ bytes), one decimal: "26.8 GB".</summary>
    public static string Format(double bytes) => bytes switch
    {
        >= 1e12 => $"{bytes / 1e12:F1} TB",
        >= 1e9 => $"{bytes / 1e9:F1} GB",
        >= 1e6 => $"{bytes / 1e6:F1} MB",
        >= 1e3 => $"{bytes / 1e3:F1} kB",
        _ => $"{bytes:F0} B",
    };
}
