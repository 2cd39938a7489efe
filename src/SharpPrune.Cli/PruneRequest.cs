using SharpPrune.Pruning;
using static TorchSharp.torch;

namespace SharpPrune.Cli;

/// <summary>The prune options every method shares, parsed once, and where the run writes.</summary>
internal sealed record PruneRequest(
    string ModelDir, PruningOutput Output, Device Device, double? Sparsity, int Samples, int? SeqLen, long Seed,
    int BatchSize, LinearSelection Selection, bool ForPerson);
