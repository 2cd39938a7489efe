namespace SharpPrune.Memory;

/// <summary>One named share of an estimated peak ("weights", "gradients", …), in bytes.</summary>
public readonly record struct MemoryPart(string Name, double Bytes)
{
    /// <summary>Ranking scores sorts float32 values with int64 positions: 16 bytes per entry ranked at once.</summary>
    const double RankedEntry = 16;

    public override string ToString() => $"{Name} {Format(Bytes)}";

    /// <summary>Ranking <paramref name="entries"/> scores at once.</summary>
    public static MemoryPart Ranking(double entries) => new("ranking", RankedEntry * entries);

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
