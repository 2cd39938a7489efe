using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>A D-Pruner run: the model, the options, the linears pruned, an earlier G to reuse, and where stage 2 keeps its resumable state.</summary>
public sealed record DPrunerRequest(string ModelDir, DPrunerOptions Options)
{
    public Device? Device { get; init; }
    public LinearSelection Selection { get; init; } = LinearSelection.All;
    /// <summary>A folder (or an earlier output) holding general.safetensors: skips stage 1.</summary>
    public string? GeneralImportance { get; init; }
    /// <summary>A folder (or an earlier output) holding domain.safetensors: skips stage 2.</summary>
    public string? DomainImportance { get; init; }
    /// <summary>Default: &lt;out&gt;.dpruner-work.</summary>
    public string? WorkDir { get; init; }
}
