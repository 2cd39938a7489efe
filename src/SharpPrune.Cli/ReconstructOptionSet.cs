using System.CommandLine;
using System.Text.Json.Nodes;
using SharpPrune.Calibration;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Text;

namespace SharpPrune.Cli;

/// <summary><c>prune --method reconstruct</c>: keep a saved pruned model's zeros and re-solve the other weights of the dense --model on --calib.</summary>
internal sealed class ReconstructOptionSet
{
    public const string Method = "reconstruct";

    readonly Option<string?> maskFrom = new("--mask-from")
    {
        Description = "reconstruct: a pruned model folder whose zeros are the mask (--model is the dense model it was cut from)",
    };

    public void AddTo(Command command) => command.Add(maskFrom);

    /// <summary>Writes the reconstructed model folder; returns its sparsity over the selected linears.</summary>
    public double Run(ParseResult parse, PruneRequest request, CalibrationSpec? calibration)
    {
        string from = parse.GetValue(maskFrom) ?? throw new SharpPruneException("--method reconstruct needs --mask-from");
        var spec = calibration ?? throw new SharpPruneException("--method reconstruct needs --calib");
        var config = ModelConfigReader.ReadFolder(request.ModelDir);
        spec.Validate(config.MaxPositions);
        MemoryGuard.Check("prune", MemoryEstimate.Calibrated(config, "sparsegpt", spec.Samples, request.BatchSize, spec.SeqLen, false), request.Force);
        using var model = CausalLM.Load(request.ModelDir, request.Device);
        var masks = SavedMask.Read(from, model, request.Selection, request.Device);
        using var set = CalibrationSampler.Sample(spec, TextTokenizer.Load(request.ModelDir));
        var record = new CalibrationRecord(set.SourceSha256, set.Concatenated, set.Windows);
        var report = Progress.Run("reconstruction", "layers", model.Layers.Count, request.ForPerson,
            progress => FixedMaskReconstruction.Run(model, masks, set.Ids, request.BatchSize, record, _ => progress.Advance(1)));
        foreach (var mask in masks.Values) mask.Dispose();
        var recipe = new PruningRecipe(Method, new FixedMaskPattern(), request.Selection, spec, request.BatchSize);
        model.Save(request.OutDir, request.Overwrite, staging => PruningManifest.Write(staging, model.SourceDirectory, recipe, report,
            new JsonObject
            {
                ["mask_from"] = Path.GetFullPath(from),
                ["mask_from_sha256"] = new JsonObject(Directory.EnumerateFiles(from, "*.safetensors").Order(StringComparer.Ordinal)
                    .Select(f => KeyValuePair.Create(Path.GetFileName(f), (JsonNode?)CalibrationSampler.Sha256(f)))),
            }),
            request.OutputLock);
        return report.Sparsity;
    }
}
