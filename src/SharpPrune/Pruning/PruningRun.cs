using System.Text.Json.Nodes;
using SharpPrune.Calibration;
using SharpPrune.IO;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Pruning.Attribution;
using SharpPrune.Pruning.DPruner;
using SharpPrune.Tasks;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// A pruning run end to end, one shape for every method family: take the output's lock (a second run on the same
/// output stops at once), refuse an existing output without overwrite, estimate the peak memory from config.json
/// and refuse a run that cannot fit, load and prune, then write the complete model folder with pruning.json all or
/// nothing. The input is never touched.
/// </summary>
public static class PruningRun
{
    /// <summary>Magnitude, Wanda or SparseGPT through the layer-wise walker.</summary>
    /// <param name="onLayer">Called after each decoder layer is pruned (calibrated methods).</param>
    public static PruningResult Walker(WalkerPruningRequest request, PruningOutput output, Action<int>? onLayer = null)
    {
        using var outputLock = Begin(output, request.BatchSize, [request.ModelDir, request.Calibration, request.CalibrationDocs?.IdFile]);
        var method = PruningMethods.Create(request.Method);
        var scope = request.Scope ?? PruningMethods.DefaultScope(request.Method);
        var pattern = SparsityPattern.Parse(request.Pattern, request.Sparsity, scope);
        var config = ModelConfigReader.ReadFolder(request.ModelDir);
        int windowLength = request.SeqLen ?? CalibrationSpec.DefaultSeqLen(config.MaxPositions);
        var calibration = request.Calibration is { } path
            ? new CalibrationSpec(path, request.CalibrationField, request.Samples, windowLength, request.Seed, request.CalibrationDocs)
            : null;
        calibration?.Validate(config.MaxPositions);
        double storedBytes = MemoryEstimate.StoredBytesPerWeight(request.ModelDir);
        MemoryEstimate Estimate(WeightResidency residency) =>
            MemoryEstimate.Walker(config, method, scope, request.Samples, request.BatchSize, windowLength, request.TrueSequential, residency, storedBytes);
        bool global = pattern is UnstructuredPattern { Scope: PruningScope.Global };
        var residency = MemoryGuard.Choose("prune", request.Stream, Estimate(WeightResidency.Stored), global ? null : Estimate(WeightResidency.Streamed),
            "--scope global ranks every layer's weights at once, so it cannot stream one layer at a time", output.Force);
        using var model = CausalLM.Load(request.ModelDir, request.Device ?? CPU, residency);
        var tokenizer = TextTokenizer.Load(request.ModelDir);
        var recipe = new PruningRecipe(request.Method, pattern, request.Selection, calibration, request.BatchSize, TrueSequential: request.TrueSequential);
        PruningResult? result = null;
        // A streamed model's output is begun first and each pruned layer written to it as it is done.
        model.SaveChanged(output.Directory, output.Overwrite, () => result = new PruningResult(recipe, Pruner.Run(model, recipe, method, tokenizer, onLayer)),
            staging => WriteRecord(staging, model, result!), outputLock);
        return result!;
    }

    /// <summary>D-Pruner: G, the domain training pass (resumable from the work folder, which is deleted once the output is in), the mask.</summary>
    public static PruningResult DPruner(DPrunerRequest request, PruningOutput output, DPrunerProgress? progress = null)
    {
        var options = request.Options;
        string work = request.WorkDir ?? Path.GetFullPath(output.Directory).TrimEnd('/') + ".dpruner-work";
        string?[] inputs = [request.ModelDir, request.GeneralImportance, request.DomainImportance, options.GeneralCalibration.Path, options.GeneralCalibration.Filter?.IdFile,
            options.Domain.Text.Path, options.Domain.Text.Filter?.IdFile];
        // The work folder is deleted once the output is in, so it must stand apart from the inputs as the output does.
        OutputPaths.CheckApart(work, "--work-dir", [.. inputs, output.Directory]);
        using var outputLock = Begin(output, options.BatchSize, inputs);
        options.Validate();
        var config = ModelConfigReader.ReadFolder(request.ModelDir);
        options.GeneralCalibration.Validate(config.MaxPositions);
        MemoryGuard.Check("prune", MemoryEstimate.DPruner(config, options.GeneralCalibration.Samples, options.GeneralCalibration.SeqLen,
            options.BatchSize, options.Domain.Text.SeqLen), output.Force);
        var tokenizer = TextTokenizer.Load(request.ModelDir);
        var pipeline = new DPrunerPipeline(request.ModelDir, request.Device ?? CPU, options, request.Selection, tokenizer)
        {
            GeneralImportance = request.GeneralImportance,
            DomainImportance = request.DomainImportance,
            Progress = progress ?? new DPrunerProgress(),
        };
        var (model, report) = pipeline.Run(work);
        PruningResult result;
        using (model)
        {
            var recipe = new PruningRecipe(PruningMethods.DPrunerName, new UnstructuredPattern(options.Sparsity, PruningScope.Matrix), request.Selection,
                request.GeneralImportance is null ? options.GeneralCalibration : null, options.BatchSize);
            result = new PruningResult(recipe, report.Pruning, DPrunerManifest.Details(options, report));
            Save(model, result, output, outputLock, pipeline.WriteImportance);
        }
        DPrunerPipeline.DeleteWork(work);
        return result;
    }

    /// <summary>Attribution or a baseline (by method name): FFN neurons, optionally head groups, scored on the task and deleted.</summary>
    /// <param name="onExample">Called after each calibration example is scored.</param>
    public static PruningResult Attribution(AttributionRequest request, PruningOutput output, Action? onExample = null)
    {
        var method = PruningMethods.Find(request.Method);
        if (method.Kind != PruningKind.Attribution) throw new SharpPruneException($"--method {request.Method} is not a structured (attribution) method");
        using var outputLock = Begin(output, batchSize: 1, [request.ModelDir]);
        var options = request.Options with { Scoring = method.Scoring };
        options.Validate();
        var config = ModelConfigReader.ReadFolder(request.ModelDir);
        int rows = options.IgSteps is { } steps ? Math.Min(steps, options.IgBatch) : 1;
        MemoryGuard.Check("prune", MemoryEstimate.Attribution(config, rows, config.MaxPositions), output.Force);
        using var model = CausalLM.Load(request.ModelDir, request.Device ?? CPU);
        var encoder = new ExampleEncoder(TextTokenizer.Load(request.ModelDir), model.Config.MaxPositions);
        var pruned = AttributionPruner.Run(model, request.Calibration.Examples, encoder, options, onExample);
        var result = new PruningResult(AttributionManifest.Recipe(request.Method, options), AttributionManifest.Report(model, pruned),
            AttributionManifest.Details(request.Calibration.Name, pruned));
        Save(model, result, output, outputLock);
        return result;
    }

    /// <summary>A saved mask's zeros kept and the dense model's other weights re-solved on the calibration (OBS, mask fixed).</summary>
    /// <param name="onLayer">Called after each decoder layer is reconstructed.</param>
    public static PruningResult Reconstruct(ReconstructRequest request, PruningOutput output, Action<int>? onLayer = null)
    {
        var spec = request.Calibration;
        using var outputLock = Begin(output, request.BatchSize, [request.ModelDir, request.MaskFrom, spec.Path, spec.Filter?.IdFile]);
        var config = ModelConfigReader.ReadFolder(request.ModelDir);
        spec.Validate(config.MaxPositions);
        // The solve holds what SparseGPT holds: a Hessian per linear of a layer, on the same windows.
        MemoryGuard.Check("prune", MemoryEstimate.Walker(config, new SparseGptPruning(), PruningScope.Matrix, spec.Samples, request.BatchSize, spec.SeqLen),
            output.Force);
        var device = request.Device ?? CPU;
        using var model = CausalLM.Load(request.ModelDir, device);
        var masks = SavedMask.Read(request.MaskFrom, model, request.Selection, device);
        PruningReport report;
        using (var set = CalibrationSampler.Sample(spec, TextTokenizer.Load(request.ModelDir)))
        {
            var record = new CalibrationRecord(set.SourceSha256, set.Concatenated, set.Windows);
            report = FixedMaskReconstruction.Run(model, masks, set.Ids, request.BatchSize, record, onLayer);
        }
        foreach (var mask in masks.Values) mask.Dispose();
        var recipe = new PruningRecipe(PruningMethods.ReconstructName, new FixedMaskPattern(), request.Selection, spec, request.BatchSize);
        var result = new PruningResult(recipe, report, new JsonObject
        {
            ["mask_from"] = Path.GetFullPath(request.MaskFrom),
            ["mask_from_sha256"] = new JsonObject(Directory.EnumerateFiles(request.MaskFrom, "*.safetensors").Order(StringComparer.Ordinal)
                .Select(f => KeyValuePair.Create(Path.GetFileName(f), (JsonNode?)Data.FileHash.Sha256(f)))),
        });
        Save(model, result, output, outputLock);
        return result;
    }

    /// <summary>
    /// Writes a pruned model as a complete folder with pruning.json (and whatever <paramref name="addFiles"/> adds), all or
    /// nothing: the one place a pruned model is saved, for the runs above and for code that prunes a loaded model itself.
    /// </summary>
    /// <param name="held">The output's lock, when the caller holds it for the whole run.</param>
    public static void Save(CausalLM model, PruningResult result, PruningOutput output, OutputLock? held = null, Action<string>? addFiles = null) =>
        model.Save(output.Directory, output.Overwrite, staging =>
        {
            addFiles?.Invoke(staging);
            WriteRecord(staging, model, result);
        }, held);

    /// <summary>pruning.json and the model card, beside the weights.</summary>
    static void WriteRecord(string staging, CausalLM model, PruningResult result)
    {
        PruningManifest.Write(staging, model.SourceDirectory, result.Recipe, result.Report, result.Details);
        ModelCard.Write(staging, model.SourceDirectory);
    }

    /// <summary>
    /// Held until the folder is written, so a second run on the same output stops here rather than racing this one. The
    /// output is checked against the run's inputs first, before any lock or work.
    /// </summary>
    static OutputLock Begin(PruningOutput output, int batchSize, IEnumerable<string?> inputs)
    {
        OutputPaths.CheckApart(output.Directory, "--out", inputs);
        var held = AtomicDirectory.Lock(output.Directory);
        try
        {
            if (Directory.Exists(output.Directory) && !output.Overwrite)
                throw SharpPruneException.InFile(output.Directory, "already exists (use --overwrite to replace it)");
            if (batchSize < 1) throw new SharpPruneException("--batch-size must be at least 1");
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }
}
