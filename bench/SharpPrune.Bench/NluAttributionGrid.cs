using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ScottPlot;
using SharpPrune.Models;
using SharpPrune.Pruning.Attribution;
using SharpPrune.Tasks;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// The attribution paper's setting on the multi-task model: per NLU task, FFN neurons scored once per selection on the
/// task's train split (the validation split is never read for it), then removed at each ratio and the model scored on
/// the first n validation examples of the task, with McNemar's exact test against each random seed and against
/// activation magnitude on the same examples; the model pruned for each task with supervised attribution at one ratio
/// scored on every task (the specialization matrix, drawn as a heatmap) and, for sst2, on amazon_reviews (unseen
/// domain); parameters, file size and forward tokens/s per ratio. One process, so each score is computed once and
/// reused across ratios. Writes Markdown to stdout and every cell as a JSON line to OUT/cells.jsonl.
///   nlu-grid MODEL OUT HEATMAP.png [key=value …]: n=200 calib=256 ratios=0.5,0.9 matrix=0.5 ig=4:32
///   tasks=sst2,mrpc,rte,ag_news,trec,cola selections=supervised,activation,random@1,random@2,random@3 (at every ratio)
///   extra=ig,K=8,K=32,K=128,unsupervised (at extra_ratios, default the matrix ratio)
///   heads=R: the selections' head scores also remove the R share of each layer's KV-head groups, the FFN kept whole
/// </summary>
public static class NluAttributionGrid
{
    sealed record Selection(string Name, AttributionOptions Options);

    sealed record TaskData(string Name, string Spec, ChoiceTask Eval, IReadOnlyList<TaskExample>? Train);

    public static void Run(string[] args)
    {
        string modelDir = args[0], outDir = args[1], heatmap = args[2];
        var settings = args.Skip(3).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        string Get(string key, string fallback) => settings.GetValueOrDefault(key, fallback);
        int n = int.Parse(Get("n", "200")), denseN = int.Parse(Get("dense_n", "300")), calib = int.Parse(Get("calib", "256"));
        var ratios = Get("ratios", "0.5,0.9").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
        double matrixRatio = double.Parse(Get("matrix", "0.5"), CultureInfo.InvariantCulture);
        var ig = Get("ig", "4:32").Split(':').Select(int.Parse).ToArray();
        var taskNames = Get("tasks", "sst2,mrpc,rte,ag_news,trec,cola").Split(',');
        var selectionNames = Get("selections", "supervised,activation,random@1,random@2,random@3").Split(',');
        // Run at some ratios only: the time the machine gives does not stretch to every ratio.
        var extraNames = Get("extra", "ig,K=8,K=32,K=128,unsupervised").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var extraRatios = Get("extra_ratios", Get("matrix", "0.5")).Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToHashSet();
        double? heads = settings.TryGetValue("heads", out var h) ? double.Parse(h, CultureInfo.InvariantCulture) : null;
        // holdout=K scores only the dense model, on the seeded order's examples from position K on: a part of the
        // validation split the grid's samples (its first max(n, dense_n)) never reach, for choosing a training recipe
        // without tuning on the examples the grid reports.
        int holdout = int.Parse(Get("holdout", "0"));
        Directory.CreateDirectory(outDir);
        using var cells = new StreamWriter(Path.Combine(outDir, "cells.jsonl"));
        var total = Stopwatch.StartNew();

        string SpecPath(string task) => Path.Combine("tasks", "nlu", task + ".json");
        // A seeded sample of the validation split, not its first rows: ag_news, trec and amazon_reviews are stored
        // grouped by class (amazon_reviews' first 2,000 are all negative). The pruned models read its first n, the
        // dense model its first dense_n, so the dense scores on the n are a prefix of those.
        (TaskData Eval, TaskData Dense) Load(string task, bool withTrain)
        {
            var spec = TaskSpec.Read(SpecPath(task));
            var all = spec.Load();
            var order = Enumerable.Range(0, all.Examples.Count).ToArray();
            new Random(0).Shuffle(order);
            ChoiceTask Sample(int count) => all with { Examples = order.Skip(holdout).Take(count).Select(i => all.Examples[i]).ToList() };
            var train = withTrain ? TaskCatalog.LoadChoice(SpecPath(task), TaskSplit.Calibration).Examples : null;
            return (new TaskData(task, SpecPath(task), Sample(n), train), new TaskData(task, SpecPath(task), Sample(Math.Max(n, denseN)), null));
        }
        var loaded = taskNames.Select(t => Load(t, withTrain: holdout == 0)).ToList();
        var tasks = loaded.Select(l => l.Eval).ToList();
        var amazon = Load("amazon_reviews", withTrain: false).Eval;

        var tokenizer = TextTokenizer.Load(modelDir);
        using var dense = CausalLM.Load(modelDir);
        var encoder = new ExampleEncoder(tokenizer, dense.Config.MaxPositions);
        ChoiceTaskResult Score(CausalLM model, TaskData task)
        {
            using var noGrad = no_grad();
            return task.Eval.Evaluate(new LogLikelihoodScorer(model, encoder));
        }
        void Cell(object cell) => cells.WriteLine(JsonSerializer.Serialize(cell));

        var denseLarge = loaded.ToDictionary(l => l.Dense.Name, l => Score(dense, l.Dense));
        var denseScores = denseLarge.ToDictionary(p => p.Key, p => p.Value with { Examples = p.Value.Examples.Take(n).ToList() });
        if (holdout == 0) denseScores[amazon.Name] = Score(dense, amazon);
        foreach (var (name, result) in denseScores) Cell(new { task = name, ratio = 0.0, selection = "dense", predictions = Predictions(result) });
        Console.Error.WriteLine($"dense scored in {total.Elapsed.TotalSeconds:F0} s");
        if (holdout > 0) Console.WriteLine($"Held-out part: seeded positions {holdout} on.");
        Console.WriteLine($"Dense model on a seeded sample of up to {denseN} validation examples per task (the majority rate is the sample's most frequent label):");
        Console.WriteLine();
        Console.WriteLine("| task | n | accuracy ± s.e. | majority rate | macro-F1 | gold margin ± s.e. |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, result) in denseLarge)
        {
            var s = ConventionScore.Of(result, ScoreConvention.Acc);
            int count = result.Examples.Count;
            double majority = result.Examples.GroupBy(e => e.Example.Gold).Max(g => g.Count()) / (double)count;
            Console.WriteLine($"| {name} | {count} | {s.Accuracy:F3} ± {Se(s.Accuracy, result):F3} | {majority:F3} | {s.MacroF1:F3} | {s.GoldMargin:+0.000;-0.000} ± {s.GoldMarginSe:F3} |");
        }
        Console.WriteLine();
        if (holdout > 0) return;

        Console.WriteLine("| task | removed | selection | accuracy ± s.e. | macro-F1 | gold margin ± s.e. | n | vs random: b/c, McNemar p (largest of the seeds) | vs activation: b/c, p |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var matrix = new Dictionary<(string PrunedFor, string EvaluatedOn), ChoiceTaskResult>();
        var unseen = new List<(string Selection, ChoiceTaskResult Result)> { ("dense", denseScores[amazon.Name]) };
        var sizes = new SortedDictionary<string, (long Parameters, long Bytes, double TokensPerSecond)>(StringComparer.Ordinal) { [Removed(0)] = Size(dense, outDir) };
        foreach (var task in tasks)
        {
            Console.WriteLine(Row(task.Name, Removed(0), "dense", denseScores[task.Name], "", ""));
            var selections = selectionNames.Concat(extraNames).Select(s => Parse(s, calib, ig, selectionNames.Contains(s) ? heads : null)).ToList();
            var extras = extraNames.Select(s => Parse(s, calib, ig, null).Name).ToHashSet();
            var scores = new Dictionary<string, UnitScores>();
            foreach (var selection in selections)
            {
                var watch = Stopwatch.StartNew();
                var examples = AttributionPruner.Select(task.Train!, selection.Options);
                scores[selection.Name] = UnitScorer.Score(dense, examples, encoder, selection.Options);
                Console.Error.WriteLine($"{task.Name}: {selection.Name} scored in {watch.Elapsed.TotalSeconds:F0} s");
            }
            foreach (double ratio in ratios)
            {
                var results = new Dictionary<string, ChoiceTaskResult>();
                foreach (var selection in selections.Where(x => extraRatios.Contains(ratio) || !extras.Contains(x.Name)))
                {
                    using var pruned = CausalLM.Load(modelDir);
                    NeuronRemoval.Apply(pruned, UnitSelection.Keep(scores[selection.Name].Neurons, ratio, false, 0.1));
                    if (!sizes.ContainsKey(Removed(ratio))) sizes[Removed(ratio)] = Size(pruned, outDir);
                    var watch = Stopwatch.StartNew();
                    results[selection.Name] = Score(pruned, task);
                    Console.Error.WriteLine($"{task.Name} {ratio:P0} {selection.Name}: {Accuracy(results[selection.Name]):F3} in {watch.Elapsed.TotalSeconds:F0} s");
                    Cell(new { task = task.Name, ratio, selection = selection.Name, predictions = Predictions(results[selection.Name]) });
                    if (ratio == matrixRatio && selection.Name == "supervised")
                        foreach (var other in tasks)
                            matrix[(task.Name, other.Name)] = other == task ? results[selection.Name] : Score(pruned, other);
                    if (ratio == matrixRatio && task.Name == "sst2" && (selection.Name is "supervised" or "activation" || selection.Name.StartsWith("random")))
                        unseen.Add((selection.Name, Score(pruned, amazon)));
                }
                PairedRows(task.Name, Removed(ratio), results);
            }
            if (heads is { } headRatio)
            {
                // Heads alone, the FFN whole: the same selections' head scores, summed per KV group (grouped-query attention).
                var results = new Dictionary<string, ChoiceTaskResult>();
                foreach (var selection in selections.Where(x => !extras.Contains(x.Name)))
                {
                    using var pruned = CausalLM.Load(modelDir);
                    var kvHeads = pruned.Layers.Select(l => l.Attention.KvHeads).ToList();
                    HeadRemoval.Apply(pruned, HeadSelection.KeepGroups(scores[selection.Name].Heads!, kvHeads, headRatio));
                    string label = $"heads {headRatio:P0} (FFN 0 %)";
                    if (!sizes.ContainsKey(label)) sizes[label] = Size(pruned, outDir);
                    results[selection.Name] = Score(pruned, task);
                    Console.Error.WriteLine($"{task.Name} {label} {selection.Name}: {Accuracy(results[selection.Name]):F3}");
                    Cell(new { task = task.Name, ratio = 0.0, heads = headRatio, selection = selection.Name, predictions = Predictions(results[selection.Name]) });
                }
                PairedRows(task.Name, $"heads {headRatio:P0}", results);
            }
            Console.Error.WriteLine($"{task.Name} done at {total.Elapsed.TotalSeconds:F0} s");
        }

        Console.WriteLine();
        Console.WriteLine($"Specialization matrix: FFN {matrixRatio:P0} removed by supervised attribution for the row's task; accuracy on the column's task (dense in the last row).");
        Console.WriteLine();
        Console.WriteLine("| pruned for \\ scored on | " + string.Join(" | ", tasks.Select(t => t.Name)) + " |");
        Console.WriteLine("|---|" + string.Concat(tasks.Select(_ => "---|")));
        foreach (var row in tasks.Where(t => matrix.ContainsKey((t.Name, t.Name))))
            Console.WriteLine($"| {row.Name} | " + string.Join(" | ", tasks.Select(c => $"{Accuracy(matrix[(row.Name, c.Name)]):F3}")) + " |");
        Console.WriteLine("| dense | " + string.Join(" | ", tasks.Select(c => $"{Accuracy(denseScores[c.Name]):F3}")) + " |");
        if (matrix.Count > 0) DrawHeatmap(heatmap, tasks.Where(t => matrix.ContainsKey((t.Name, t.Name))).Select(t => t.Name).ToList(),
            tasks.Select(t => t.Name).ToList(), matrix, denseScores, matrixRatio);

        Console.WriteLine();
        Console.WriteLine($"Unseen domain: pruned for sst2 at FFN {matrixRatio:P0}, scored on a seeded sample of {amazon.Eval.Examples.Count} amazon_reviews examples; b/c: examples only the selection / only dense answers right.");
        Console.WriteLine();
        Console.WriteLine("| selection | accuracy ± s.e. | macro-F1 | gold margin ± s.e. | vs dense: b/c, p |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, result) in unseen)
        {
            var s = ConventionScore.Of(result, ScoreConvention.Acc);
            string vsDense = name == "dense" ? "" : Paired(result, [unseen[0].Result]);
            Console.WriteLine($"| {name} | {s.Accuracy:F3} ± {Se(s.Accuracy, result):F3} | {s.MacroF1:F3} | {s.GoldMargin:+0.000;-0.000} ± {s.GoldMarginSe:F3} | {vsDense} |");
        }

        Console.WriteLine();
        Console.WriteLine("| removed | parameters | safetensors bytes | forward tokens/s (batch 4 × 128, one thread) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (label, size) in sizes)
            Console.WriteLine($"| {label} | {size.Parameters:N0} | {size.Bytes:N0} | {size.TokensPerSecond:N0} |");
        Console.Error.WriteLine($"grid done in {total.Elapsed.TotalMinutes:F1} min");
    }

    /// <param name="heads">Set: the heads are scored too (in the same passes), for the heads-removal rows.</param>
    static Selection Parse(string name, int calib, int[] ig, double? heads) => name switch
    {
        "supervised" => new(name, new AttributionOptions { Ratio = 0, Limit = calib, Heads = heads }),
        "ig" => new($"ig (m = {ig[0]}, {ig[1]} examples)", new AttributionOptions { Ratio = 0, Limit = ig[1], IgSteps = ig[0], Heads = heads }),
        "unsupervised" => new(name, new AttributionOptions { Ratio = 0, Limit = calib, Unsupervised = true, Heads = heads }),
        "activation" => new(name, new AttributionOptions { Ratio = 0, Limit = calib, Scoring = UnitScoring.Activation, Heads = heads }),
        _ when name.StartsWith("K=") => new(name, new AttributionOptions { Ratio = 0, LowResource = int.Parse(name[2..]), Heads = heads }),
        _ when name.StartsWith("random@") => new(name, new AttributionOptions { Ratio = 0, Scoring = UnitScoring.Random, Seed = int.Parse(name[7..]), Heads = heads }),
        _ => throw new ArgumentException($"unknown selection {name}"),
    };

    static string Removed(double ratio) => $"FFN {ratio:P0}";

    /// <summary>One row per selection, each but random and activation against every random seed and against activation.</summary>
    static void PairedRows(string task, string removed, Dictionary<string, ChoiceTaskResult> results)
    {
        var randoms = results.Where(r => r.Key.StartsWith("random")).Select(r => r.Value).ToList();
        foreach (var (name, result) in results)
        {
            string vsRandom = name.StartsWith("random") || randoms.Count == 0 ? "" : Paired(result, randoms);
            string vsActivation = name is "activation" || name.StartsWith("random") || !results.ContainsKey("activation") ? "" : Paired(result, [results["activation"]]);
            Console.WriteLine(Row(task, removed, name, result, vsRandom, vsActivation));
        }
    }

    static double Accuracy(ChoiceTaskResult r) => r.Metrics(ScoreConvention.Acc)!.Accuracy;

    static double Se(double accuracy, ChoiceTaskResult r) => Math.Sqrt(accuracy * (1 - accuracy) / r.Metrics(ScoreConvention.Acc)!.N);

    static string Row(string task, string removed, string selection, ChoiceTaskResult result, string vsRandom, string vsActivation)
    {
        var s = ConventionScore.Of(result, ScoreConvention.Acc);
        return $"| {task} | {removed} | {selection} | {s.Accuracy:F3} ± {Se(s.Accuracy, result):F3} | {s.MacroF1:F3} | {s.GoldMargin:+0.000;-0.000} ± {s.GoldMarginSe:F3} | {result.Metrics(ScoreConvention.Acc)!.N} | {vsRandom} | {vsActivation} |";
    }

    /// <summary>Discordant counts against each baseline and the largest p: significant only if it is against every one.</summary>
    static string Paired(ChoiceTaskResult result, IReadOnlyList<ChoiceTaskResult> baselines)
    {
        var tests = baselines.Select(b => McNemar.Compare(result, b, ScoreConvention.Acc)).ToList();
        return string.Join(", ", tests.Select(t => $"{t.OnlyA}/{t.OnlyB}")) + $"; p ≤ {tests.Max(t => t.P):F3}";
    }

    static int[] Predictions(ChoiceTaskResult result) => result.Examples.Select(e => e.Predicted(ScoreConvention.Acc)).ToArray();

    static (long, long, double) Size(CausalLM model, string outDir)
    {
        string dir = Path.Combine(outDir, "size-probe");
        model.Save(dir, overwrite: true);
        long bytes = new FileInfo(Path.Combine(dir, "model.safetensors")).Length;
        var ids = randint(3, model.Config.VocabSize, [4, 128], generator: new Generator(1));
        using var noGrad = no_grad();
        using (NewDisposeScope()) model.forward(ids);
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++)
            using (NewDisposeScope()) model.forward(ids);
        return (model.ParameterCount, bytes, 5 * 4 * 128 / watch.Elapsed.TotalSeconds);
    }

    static void DrawHeatmap(string path, IReadOnlyList<string> rows, IReadOnlyList<string> columns,
        Dictionary<(string, string), ChoiceTaskResult> matrix, Dictionary<string, ChoiceTaskResult> dense, double ratio)
    {
        // Accuracy lost against the dense model on the column's task: the cost of pruning for the row's task.
        var values = new double[rows.Count, columns.Count];
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < columns.Count; c++)
                values[r, c] = 100 * (Accuracy(matrix[(rows[r], columns[c])]) - Accuracy(dense[columns[c]]));
        var plot = new Plot();
        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map).Label = "Δ accuracy vs dense (points)";
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < columns.Count; c++)
            {
                var text = plot.Add.Text($"{values[r, c]:+0;-0;0}", c, rows.Count - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = Colors.White;
                text.LabelFontSize = 14;
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(), columns.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i)).ToArray(), rows.ToArray());
        plot.Title($"Pruned for one task (FFN {ratio:P0}, attribution), scored on each");
        plot.XLabel("scored on");
        plot.YLabel("pruned for");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 800, 600);
    }
}
