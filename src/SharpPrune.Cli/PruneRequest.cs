using SharpPrune.Pruning;
using static TorchSharp.torch;

namespace SharpPrune.Cli;

/// <summary>The prune options every method shares, parsed and checked once.</summary>
internal sealed record PruneRequest(
    string ModelDir, string OutDir, bool Overwrite, Device Device, double Sparsity, int Samples, int? SeqLen, long Seed,
    int BatchSize, LinearSelection Selection, bool ForPerson);
