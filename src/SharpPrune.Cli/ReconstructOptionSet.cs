using System.CommandLine;
using SharpPrune.Data;
using SharpPrune.Pruning;

namespace SharpPrune.Cli;

/// <summary><c>prune --method reconstruct</c>: keep a saved pruned model's zeros and re-solve the other weights of the dense --model on --calib.</summary>
internal sealed class ReconstructOptionSet
{
    readonly Option<string?> maskFrom = new("--mask-from")
    {
        Description = "reconstruct: a pruned model folder whose zeros are the mask (--model is the dense model it was cut from)",
    };

    /// <summary>Every option of the set, in help order.</summary>
    public IReadOnlyList<Option> Options => [maskFrom];

    public void AddTo(Command command) => command.Add(maskFrom);

    /// <summary>Writes the reconstructed model folder; returns its sparsity over the selected linears.</summary>
    public double Run(ParseResult parse, PruneRequest request, string? calibration, string calibrationField, DocumentFilter? calibrationDocs)
    {
        string from = parse.GetValue(maskFrom) ?? throw new SharpPruneException("--method reconstruct needs --mask-from");
        var reconstruct = new ReconstructRequest(request.ModelDir, from)
        {
            Device = request.Device,
            Calibration = calibration,
            CalibrationField = calibrationField,
            CalibrationDocs = calibrationDocs,
            Samples = request.Samples,
            SeqLen = request.SeqLen,
            Seed = request.Seed,
            Selection = request.Selection,
            BatchSize = request.BatchSize,
        };
        int layers = Models.ModelConfigReader.ReadFolder(request.ModelDir).NumLayers;
        var result = Progress.Run("reconstruction", "layers", layers, request.ForPerson,
            progress => PruningRun.Reconstruct(reconstruct, request.Output, _ => progress.Advance(1)));
        return result.Report.Sparsity;
    }
}
