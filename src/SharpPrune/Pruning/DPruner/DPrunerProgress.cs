namespace SharpPrune.Pruning.DPruner;

/// <summary>Callbacks a D-Pruner run reports through (all optional).</summary>
public sealed class DPrunerProgress
{
    public Action<string>? Stage { get; init; }
    public Action<int>? GeneralLayer { get; init; }
    /// <summary>(step, total steps, loss, tokens in the step).</summary>
    public Action<int, int, double, long>? DomainStep { get; init; }
}
