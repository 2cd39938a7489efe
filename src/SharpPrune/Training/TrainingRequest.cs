using static TorchSharp.torch;

namespace SharpPrune.Training;

/// <summary>
/// A training job: fine-tune the model in <c>ModelDir</c>, or train a new model from <c>ConfigPath</c> with the
/// tokenizer in <c>TokenizerDir</c>; write the result to <c>Out</c>. Checkpoints live in <c>Out</c> + ".training"
/// until the run completes.
/// </summary>
public sealed record TrainingRequest(string? ModelDir, string? ConfigPath, string? TokenizerDir, IReadOnlyList<TrainingSource> Data,
    string Out, TrainingOptions Options, bool Resume, bool Overwrite, Device Device)
{
    public string WorkDir => Path.GetFullPath(Out).TrimEnd('/') + ".training";
}
