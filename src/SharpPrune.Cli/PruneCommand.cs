using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using SharpPrune.Calibration;
using SharpPrune.Evaluation;
using SharpPrune.IO;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Text;

namespace SharpPrune.Cli;

/// <summary><c>sharpprune prune</c>: a complete pruned model folder plus pruning.json; the input is never touched.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var model = CommandAction.ModelOption();
        var method = new Option<string>("--method") { Description = string.Join(" | ", PruningMethods.Names.Append("dpruner").Append(ReconstructOptionSet.Method).Concat(AttributionOptionSet.Methods)), Required = true };
        var sparsity = new Option<double>("--sparsity") { Description = "fraction of zeros, in (0, 1); ignored for N:M" };
        var pattern = new Option<string>("--pattern") { Description = "unstructured or N:M (e.g. 2:4)", DefaultValueFactory = _ => "unstructured" };
        var scope = new Option<string?>("--scope") { Description = "row | matrix | global (default: row for wanda, matrix otherwise)" };
        scope.AcceptOnlyFromAmong("row", "matrix", "global");
        var calib = new Option<string?>("--calib") { Description = "calibration text: .txt or .jsonl" };
        var calibField = new Option<string>("--calib-field") { DefaultValueFactory = _ => "text" };
        var calibDocs = new Option<string?>("--calib-docs") { Description = "which calibration documents: FROM:TO slice by sorted id (e.g. 0:0.8), ids:FILE or not-ids:FILE" };
        var samples = new Option<int>("--nsamples") { DefaultValueFactory = _ => 128 };
        var seqLen = new Option<int?>("--seq-len") { Description = "calibration window (default: min(2048, context))" };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var include = new Option<string[]>("--include") { Description = "glob over linear names, e.g. '*.mlp.*' (repeatable)", AllowMultipleArgumentsPerToken = true };
        var exclude = new Option<string[]>("--exclude") { Description = "glob over linear names (repeatable)", AllowMultipleArgumentsPerToken = true };
        var batch = new Option<int>("--batch-size") { Description = "calibration windows per forward", DefaultValueFactory = _ => 8 };
        var trueSequential = new Option<bool>("--true-sequential")
        {
            Description = "prune q/k/v, then o, then gate/up, then down, each on the already-pruned outputs: one pass per layer " +
                "instead of two, holding every calibration window's activations at once",
        };
        var output = new Option<string>("--out") { Description = "output model folder", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an existing --out" };
        var device = CommandAction.DeviceOption();
        var json = CommandAction.JsonOption();
        var force = CommandAction.ForceOption();
        var command = new Command("prune", "Prune a model and write a complete model folder with pruning.json")
        {
            model, method, sparsity, pattern, scope, calib, calibField, calibDocs, samples, seqLen, seed, include, exclude, batch, trueSequential, output, overwrite, device, json, force,
        };
        var dpruner = new DPrunerOptionSet();
        dpruner.AddTo(command);
        var attribution = new AttributionOptionSet();
        attribution.AddTo(command);
        var reconstruct = new ReconstructOptionSet();
        reconstruct.AddTo(command);
        CommandAction.Set(command, parse =>
        {
            var watch = Stopwatch.StartNew();
            string dir = parse.GetValue(model)!, outDir = parse.GetValue(output)!, methodName = parse.GetValue(method)!;
            // Held until the folder is written, so a second run on the same --out stops here rather than racing this one.
            using var outputLock = AtomicDirectory.Lock(outDir);
            if (Directory.Exists(outDir) && !parse.GetValue(overwrite))
                throw SharpPruneException.InFile(outDir, "already exists (use --overwrite to replace it)");
            if (parse.GetValue(batch) < 1) throw new SharpPruneException("--batch-size must be at least 1");
            var selection = new LinearSelection(parse.GetValue(include) ?? [], parse.GetValue(exclude) ?? []);
            var request = new PruneRequest(dir, outDir, parse.GetValue(overwrite), CommandAction.ParseDevice(parse.GetValue(device)!),
                parse.GetValue(sparsity), parse.GetValue(samples), parse.GetValue(seqLen), parse.GetValue(seed), parse.GetValue(batch),
                selection, !parse.GetValue(json), parse.GetValue(force), outputLock);
            if (AttributionOptionSet.Methods.Contains(methodName))
            {
                double removed = attribution.Run(parse, methodName, request);
                Report(parse.GetValue(json), outDir, removed, watch, $"{methodName} ({removed:P2} of FFN neurons removed)");
                return 0;
            }
            if (methodName == "dpruner")
            {
                double achieved = dpruner.Run(parse, request);
                Report(parse.GetValue(json), outDir, achieved, watch, $"dpruner ({achieved:P2} per matrix)");
                return 0;
            }
            if (methodName == ReconstructOptionSet.Method)
            {
                int length = parse.GetValue(seqLen) ?? Math.Min(2048, ModelConfigReader.ReadFolder(dir).MaxPositions);
                var spec = parse.GetValue(calib) is { } calibPath
                    ? new CalibrationSpec(calibPath, parse.GetValue(calibField)!, parse.GetValue(samples), length, parse.GetValue(seed),
                        parse.GetValue(calibDocs) is { } docs ? DocumentFilter.Parse(docs) : null)
                    : null;
                double achieved = reconstruct.Run(parse, request, spec);
                Report(parse.GetValue(json), outDir, achieved, watch, "the saved mask, kept weights reconstructed");
                return 0;
            }
            PruningMethods.Create(methodName);
            var pruningScope = parse.GetValue(scope) is { } s ? Enum.Parse<PruningScope>(s, ignoreCase: true) : PruningMethods.DefaultScope(methodName);
            var sparsityPattern = SparsityPattern.Parse(parse.GetValue(pattern)!, parse.GetValue(sparsity), pruningScope);
            var config = ModelConfigReader.ReadFolder(dir);
            int windowLength = parse.GetValue(seqLen) ?? Math.Min(2048, config.MaxPositions);
            var calibration = parse.GetValue(calib) is { } path
                ? new CalibrationSpec(path, parse.GetValue(calibField)!, parse.GetValue(samples), windowLength, parse.GetValue(seed),
                    parse.GetValue(calibDocs) is { } r ? DocumentFilter.Parse(r) : null)
                : null;
            calibration?.Validate(config.MaxPositions);
            MemoryGuard.Check("prune", methodName == "magnitude"
                ? MemoryEstimate.Magnitude(config, pruningScope == PruningScope.Global)
                : MemoryEstimate.Calibrated(config, methodName, parse.GetValue(samples), parse.GetValue(batch), windowLength, parse.GetValue(trueSequential)),
                request.Force);
            using var lm = CommandAction.LoadModel(dir, parse.GetValue(device)!);
            var tokenizer = TextTokenizer.Load(dir);
            var recipe = new PruningRecipe(methodName, sparsityPattern, selection, calibration, parse.GetValue(batch), TrueSequential: parse.GetValue(trueSequential));
            var report = Progress.Run("pruning", "layers", lm.Layers.Count, !parse.GetValue(json),
                progress => Pruner.Run(lm, recipe, tokenizer, _ => progress.Advance(1)));
            lm.Save(outDir, parse.GetValue(overwrite), staging => PruningManifest.Write(staging, lm.SourceDirectory, recipe, report), outputLock);
            Report(parse.GetValue(json), outDir, report.Sparsity, watch, $"{methodName} ({sparsityPattern})");
            return 0;
        });
        return command;
    }

    static void Report(bool json, string outDir, double sparsity, Stopwatch watch, string what)
    {
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(new { @out = Path.GetFullPath(outDir), sparsity, seconds = watch.Elapsed.TotalSeconds }));
        else
            Console.WriteLine($"pruned to {sparsity:P2} zeros with {what} in {watch.Elapsed.TotalSeconds:F1} s → {outDir}");
    }
}
