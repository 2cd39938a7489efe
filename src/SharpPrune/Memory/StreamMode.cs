namespace SharpPrune.Memory;

/// <summary>
/// Whether a run streams its decoder layers from disk (<c>--stream</c>): <see cref="Auto"/> streams only when the memory
/// estimate says the model held in memory would not fit comfortably (<see cref="MemoryGuard.Choose"/>).
/// </summary>
public enum StreamMode
{
    Auto,
    Always,
    Never,
}
