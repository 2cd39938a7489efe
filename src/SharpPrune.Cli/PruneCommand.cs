using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Pruning;

namespace SharpPrune.Cli;

/// <summary><c>sharpprune prune</c>: a complete pruned model folder plus pruning.json; the input is never touched.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var model = CommandAction.ModelOption();
        var method = new Option<string>("--method") { Description = string.Join(" | ", PruningMethods.Names), Required = true };
        var sparsity = new Option<double?>("--sparsity") { Description = "fraction of zeros, in (0, 1); ignored for N:M (attribution takes --ratio instead)" };
        var pattern = new Option<string>("--pattern") { Description = "unstructured or N:M (e.g. 2:4)", DefaultValueFactory = _ => "unstructured" };
        var scope = new Option<string?>("--scope") { Description = "row | matrix | global (default: row for wanda, matrix otherwise)" };
        scope.AcceptOnlyFromAmong("row", "matrix", "global");
        var calib = new Option<string?>("--calib") { Description = "calibration text: " + CommandAction.TextSource };
        var calibField = new Option<string>("--calib-field") { Description = "JSON field holding the text (A+B joins fields)", DefaultValueFactory = _ => "text" };
        var calibDocs = new Option<string?>("--calib-docs") { Description = "which calibration documents: FROM:TO slice by sorted id (e.g. 0:0.8), ids:FILE or not-ids:FILE" };
        var samples = new Option<int>("--nsamples") { Description = "calibration windows (dpruner: for its general importance)", DefaultValueFactory = _ => 128 };
        var seqLen = new Option<int?>("--seq-len") { Description = "calibration window (default: min(2048, context))" };
        var seed = new Option<long>("--seed") { Description = "seed of every random choice (windows, examples, baselines)", DefaultValueFactory = _ => 0 };
        var include = new Option<string[]>("--include") { Description = "glob over linear names, e.g. '*.mlp.*' (repeatable)", AllowMultipleArgumentsPerToken = true };
        var exclude = new Option<string[]>("--exclude") { Description = "glob over linear names (repeatable)", AllowMultipleArgumentsPerToken = true };
        var batch = new Option<int>("--batch-size") { Description = "calibration windows per forward", DefaultValueFactory = _ => 8 };
        var trueSequential = new Option<bool>("--true-sequential")
        {
            Description = "prune q/k/v, then o, then gate/up, then down, each on the already-pruned outputs: one pass per layer " +
                "instead of two, holding every calibration window's activations at once",
        };
        var stream = CommandAction.StreamOption("prune (magnitude, wanda, sparsegpt) reading and writing");
        var output = new Option<string>("--out") { Description = "output model folder", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an existing --out" };
        var device = CommandAction.DeviceOption();
        var json = CommandAction.JsonOption();
        var force = CommandAction.ForceOption();
        var command = new Command("prune", "Prune a model and write a complete model folder with pruning.json and a model card")
        {
            model, method, sparsity, pattern, scope, calib, calibField, calibDocs, samples, seqLen, seed, include, exclude, batch, trueSequential, stream, output, overwrite, device, json, force,
        };
        var dpruner = new DPrunerOptionSet();
        dpruner.AddTo(command);
        var attribution = new AttributionOptionSet();
        attribution.AddTo(command);
        var reconstruct = new ReconstructOptionSet();
        reconstruct.AddTo(command);
        GroupedHelp.Set(command, "sharpprune prune --model DIR --method METHOD --out DIR [options]",
        [
            ("Every method:", [model, method, output, overwrite, seed, device, json, force]),
            ("magnitude, wanda, sparsegpt (layer by layer, calibrated on --calib; dpruner's general importance also takes --nsamples, --seq-len, --batch-size, --include, --exclude):",
                [sparsity, pattern, scope, calib, calibField, calibDocs, samples, seqLen, batch, include, exclude, trueSequential, stream]),
            ("dpruner (D-Pruner: general importance G on --general-calib, then domain training on --domain-calib; takes --sparsity):", dpruner.Options),
            ("attribution, attribution-random, attribution-activation (structured: deletes FFN neurons and head groups; takes --ratio, not --sparsity):", attribution.Options),
            ("reconstruct (keeps --mask-from's zeros and re-solves the other weights of the dense --model on --calib, --calib-field, --calib-docs, --nsamples, --seq-len):", reconstruct.Options),
        ]);
        CommandAction.Set(command, parse =>
        {
            var watch = Stopwatch.StartNew();
            string methodName = parse.GetValue(method)!;
            var request = new PruneRequest(parse.GetValue(model)!, new PruningOutput(parse.GetValue(output)!, parse.GetValue(overwrite), parse.GetValue(force)),
                CommandAction.ParseDevice(parse.GetValue(device)!), parse.GetValue(sparsity), parse.GetValue(samples), parse.GetValue(seqLen),
                parse.GetValue(seed), parse.GetValue(batch), new LinearSelection(parse.GetValue(include) ?? [], parse.GetValue(exclude) ?? []),
                !parse.GetValue(json));
            var info = PruningMethods.Find(methodName);
            var streamMode = CommandAction.ParseStream(parse.GetValue(stream)!);
            if (streamMode == StreamMode.Always && info.Kind != PruningKind.Walker)
                throw new SharpPruneException($"--stream always: --method {methodName} runs in memory only ({NotStreamed(info.Kind)})");
            switch (info.Kind)
            {
                case PruningKind.Attribution:
                    double removed = attribution.Run(parse, methodName, request);
                    // Structured removal deletes the neurons; the saved model has no zeros to speak of.
                    Report(parse.GetValue(json), request.Output.Directory, removed, watch, $"removed {removed:P2} of the FFN neurons with {methodName}");
                    return 0;
                case PruningKind.DPruner:
                    double achieved = dpruner.Run(parse, request);
                    Report(parse.GetValue(json), request.Output.Directory, achieved, watch, $"pruned to {achieved:P2} zeros with {methodName} ({achieved:P2} per matrix)");
                    return 0;
                case PruningKind.Reconstruct:
                    var spec = parse.GetValue(calib) is { } calibPath
                        ? new CalibrationSpec(calibPath, parse.GetValue(calibField)!, request.Samples,
                            request.SeqLen ?? CalibrationSpec.DefaultSeqLen(ModelConfigReader.ReadFolder(request.ModelDir).MaxPositions), request.Seed,
                            parse.GetValue(calibDocs) is { } docs ? DocumentFilter.Parse(docs, "--calib-docs") : null)
                        : null;
                    double kept = reconstruct.Run(parse, request, spec);
                    Report(parse.GetValue(json), request.Output.Directory, kept, watch, $"kept the {kept:P2} zeros of --mask-from and reconstructed the other weights");
                    return 0;
            }
            string patternName = parse.GetValue(pattern)!;
            // N:M fixes the fraction itself; every other walker run needs it said.
            double walkerSparsity = request.Sparsity ?? (patternName == "unstructured" ? throw MissingSparsity(methodName) : 0);
            var walker = new WalkerPruningRequest(request.ModelDir, methodName, walkerSparsity)
            {
                Device = request.Device,
                Pattern = patternName,
                Scope = parse.GetValue(scope) is { } s ? Enum.Parse<PruningScope>(s, ignoreCase: true) : null,
                Calibration = parse.GetValue(calib),
                CalibrationField = parse.GetValue(calibField)!,
                CalibrationDocs = parse.GetValue(calibDocs) is { } r ? DocumentFilter.Parse(r, calibDocs.Name) : null,
                Samples = request.Samples,
                SeqLen = request.SeqLen,
                Seed = request.Seed,
                BatchSize = request.BatchSize,
                TrueSequential = parse.GetValue(trueSequential),
                Selection = request.Selection,
                Stream = streamMode,
            };
            int layers = ModelConfigReader.ReadFolder(request.ModelDir).NumLayers;
            var result = Progress.Run("pruning", "layers", layers, request.ForPerson,
                progress => PruningRun.Walker(walker, request.Output, _ => progress.Advance(1)));
            Report(parse.GetValue(json), request.Output.Directory, result.Report.Sparsity, watch,
                $"pruned to {result.Report.Sparsity:P2} zeros with {methodName} ({result.Recipe.Pattern})");
            return 0;
        });
        return command;
    }

    /// <summary>Why a method family holds the whole model in memory.</summary>
    static string NotStreamed(PruningKind kind) => kind switch
    {
        PruningKind.DPruner or PruningKind.Attribution => "it needs gradients through the whole model at once",
        _ => "it re-solves the weights with the whole saved mask in memory; streaming it is not implemented",
    };

    /// <summary>Said when a method that sets a fraction of weights to zero was not told the fraction.</summary>
    internal static SharpPruneException MissingSparsity(string method) =>
        new($"--method {method} needs --sparsity (the fraction of weights set to zero, e.g. --sparsity 0.5)");

    static void Report(bool json, string outDir, double sparsity, Stopwatch watch, string what)
    {
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(new { @out = Path.GetFullPath(outDir), sparsity, seconds = watch.Elapsed.TotalSeconds }));
        else
            Console.WriteLine($"{what} in {watch.Elapsed.TotalSeconds:F1} s → {outDir}");
    }
}
