using SharpPrune.Tasks;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// A structured run (attribution or one of its baselines, by method name): the model, the task's calibration split,
/// and the options; the method's unit scoring comes from <see cref="PruningMethods"/>.
/// </summary>
public sealed record AttributionRequest(string ModelDir, string Method, ChoiceTask Calibration, AttributionOptions Options)
{
    public Device? Device { get; init; }
}
