using SharpPrune.IO;
using SharpPrune.Pruning;
using static TorchSharp.torch;

namespace SharpPrune.Cli;

/// <summary>The prune options every method shares, parsed and checked once, and the output's lock, held for the whole run.</summary>
internal sealed record PruneRequest(
    string ModelDir, string OutDir, bool Overwrite, Device Device, double Sparsity, int Samples, int? SeqLen, long Seed,
    int BatchSize, LinearSelection Selection, bool ForPerson, bool Force, OutputLock OutputLock);
