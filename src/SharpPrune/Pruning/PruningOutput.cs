namespace SharpPrune.Pruning;

/// <summary>
/// Where a pruning run writes its model folder, whether it may replace an existing one, and whether it runs even when
/// its estimated peak memory exceeds what is available.
/// </summary>
public sealed record PruningOutput(string Directory, bool Overwrite = false, bool Force = false);
