using System.CommandLine;
using System.Text.Json;
using SharpPrune.Evaluation;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Tasks;
using SharpPrune.Text;
using Spectre.Console;

namespace SharpPrune.Cli;

/// <summary>
/// <c>sharpprune eval</c>: a downstream task's score. Multiple-choice tasks report accuracy and macro-F1 over the
/// labeled examples under each score convention (acc, acc_norm, acc_per_token); billsum reports ROUGE of greedy
/// summaries.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = CommandAction.ModelOption();
        var task = new Option<string>("--task") { Description = "pubmedqa, casehold, billsum, or a task spec .json file", Required = true };
        var data = new Option<string?>("--data") { Description = "data file (default: the task's test data under ../shared)" };
        var limit = new Option<int?>("--limit") { Description = "only the first N examples" };
        var fewShot = new Option<int?>("--fewshot") { Description = "K examples of the task's few-shot split, each with its gold answer, before every prompt (default: the spec's, else 0)" };
        var fewShotSeed = new Option<int?>("--fewshot-seed") { Description = $"seed of the few-shot draw (default: the spec's, else {FewShot.DefaultSeed})" };
        var score = ScoreOption("the convention accuracy, macro-F1 and the gold margin are reported under");
        var maxNew = new Option<int>("--max-new-tokens") { Description = "summary length limit (billsum)", DefaultValueFactory = _ => 128 };
        var stream = CommandAction.StreamOption("score the examples layer-major (multiple-choice tasks; billsum generates in memory), reading");
        var device = CommandAction.DeviceOption();
        var json = CommandAction.JsonOption();
        var force = CommandAction.ForceOption();
        var command = new Command("eval", "Score a model on a downstream task") { model, task, data, limit, fewShot, fewShotSeed, score, maxNew, stream, device, json, force };
        CommandAction.Set(command, parse =>
        {
            if (parse.GetValue(limit) is <= 0) throw new SharpPruneException("--limit must be positive");
            if (parse.GetValue(fewShot) is < 0) throw new SharpPruneException("--fewshot must not be negative");
            string dir = parse.GetValue(model)!, name = parse.GetValue(task)!;
            bool forPerson = !parse.GetValue(json);
            var streamMode = CommandAction.ParseStream(parse.GetValue(stream)!);
            if (TaskCatalog.IsSummarization(name))
            {
                if (parse.GetValue(fewShot) is > 0) throw new SharpPruneException($"--fewshot: {name} is scored by generation and takes no few-shot examples");
                var examples = BillSum.Load(parse.GetValue(data)).Take(parse.GetValue(limit) ?? int.MaxValue).ToList();
                var config = ModelConfigReader.ReadFolder(dir);
                // Generation runs every layer once per token: its layers stay float32 rather than being upcast (or read from disk) each time.
                if (streamMode == StreamMode.Always)
                    throw new SharpPruneException($"--stream always: {name} generates token by token, and a streamed model would read every layer from disk for each token");
                MemoryGuard.Check("eval", MemoryEstimate.Inference(config, 1, config.MaxPositions, kvCache: true), parse.GetValue(force));
                using var lm = CommandAction.LoadModel(dir, parse.GetValue(device)!);
                var summarizer = new Summarizer(lm, TextTokenizer.Load(dir), parse.GetValue(maxNew));
                var results = Progress.Run(name, "examples", examples.Count, forPerson, progress =>
                    examples.Select(e => { var r = summarizer.Summarize(e); progress.Advance(1); return r; }).ToList());
                ReportSummaries(name, results, forPerson);
            }
            else
            {
                var shots = new FewShotRequest(parse.GetValue(fewShot), parse.GetValue(fewShotSeed));
                var choice = TaskCatalog.LoadChoice(name, TaskSplit.Test, parse.GetValue(data), shots).First(parse.GetValue(limit));
                var config = ModelConfigReader.ReadFolder(dir);
                // All candidates of an example go through the model as one batch.
                int batch = choice.Examples.Select(e => e.Candidates.Count).DefaultIfEmpty(1).Max();
                double storedBytes = MemoryEstimate.StoredBytesPerWeight(dir);
                var residency = MemoryGuard.Choose("eval", streamMode,
                    MemoryEstimate.Inference(config, batch, config.MaxPositions, residency: WeightResidency.Stored, storedBytes: storedBytes),
                    MemoryEstimate.LayerMajorInference(config, batch, config.MaxPositions, storedBytes), null, parse.GetValue(force));
                using var lm = CausalLM.Load(dir, CommandAction.ParseDevice(parse.GetValue(device)!), residency);
                var scorer = new LogLikelihoodScorer(lm, TextTokenizer.Load(dir));
                var result = Progress.Run(choice.Name, "examples", choice.Examples.Count, forPerson, progress => choice.Evaluate(scorer, () => progress.Advance(1)));
                ReportChoices(choice, ChoiceTaskScore.Of(result), ScoreConventions.Parse(parse.GetValue(score)!, "--score"), ChanceLevel.Of(choice.Examples)!, forPerson);
            }
            return 0;
        });
        return command;
    }

    /// <summary>--score, shared with compare.</summary>
    public static Option<string> ScoreOption(string description) =>
        new Option<string>("--score") { Description = $"{description}: acc (sum of log-probabilities, lm-evaluation-harness), acc_norm (per UTF-8 byte) or acc_per_token", DefaultValueFactory = _ => "acc" }
            .AcceptOnlyFromAmong([.. ScoreConventions.All.Select(c => c.Name())]);

    /// <param name="chance">Never null here: <see cref="ChoiceTaskScore.Of"/> has refused a task without labels.</param>
    static void ReportChoices(ChoiceTask task, ChoiceTaskScore score, ScoreConvention convention, ChanceLevel chance, bool forPerson)
    {
        var chosen = score.For(convention);
        if (!forPerson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                task = task.Name, score = convention.Name(), accuracy = chosen.Accuracy, macro_f1 = chosen.MacroF1,
                gold_margin = chosen.GoldMargin, gold_margin_se = chosen.GoldMarginSe,
                acc = score.Acc.Accuracy, acc_norm = score.AccNorm.Accuracy, acc_per_token = score.AccPerToken.Accuracy,
                n = score.N, cut = score.Cut, chance = chance.Uniform, majority = chance.Majority, fewshot_ids = task.FewShotIds,
            }));
            return;
        }
        string name = convention.Name();
        double se = ChanceLevel.AccuracyStandardError(chosen.Accuracy, score.N);
        var table = new Table().AddColumns("task", $"{name} ± s.e.", "chance", "majority", "acc", "acc_norm", "acc_per_token",
            $"macro-F1 ({name})", $"gold margin ± s.e. ({name})", "n", "cut");
        table.AddRow(Markup.Escape(task.Name), $"{chosen.Accuracy:P1} ± {se:P1}", $"{chance.Uniform:P1}", Markup.Escape($"{chance.Majority:P1} ('{chance.MajorityAnswer}')"),
            $"{score.Acc.Accuracy:P2}", $"{score.AccNorm.Accuracy:P2}", $"{score.AccPerToken.Accuracy:P2}",
            $"{chosen.MacroF1:F4}", $"{chosen.GoldMargin:F4} ± {chosen.GoldMarginSe:F4}", $"{score.N}", $"{score.Cut}");
        AnsiConsole.Write(table);
        if (task.FewShotIds.Count > 0) Console.WriteLine($"{task.FewShotIds.Count}-shot, example ids: {string.Join(", ", task.FewShotIds)}");
        foreach (var note in Notes(chosen.Accuracy, score, chance, task.Examples.Count)) Console.WriteLine(note);
    }

    /// <summary>What a reader of the table should not miss: a score chance explains, and scores of mostly cut prompts.</summary>
    /// <param name="accuracy">The accuracy under the reported convention.</param>
    /// <param name="examples">All examples scored, labeled or not: the cut count is over all of them.</param>
    internal static IEnumerable<string> Notes(double accuracy, ChoiceTaskScore score, ChanceLevel chance, int examples)
    {
        if (chance.Explains(accuracy, score.N))
            yield return $"note: accuracy {accuracy:P1} ± {ChanceLevel.AccuracyStandardError(accuracy, score.N):P1} is not above chance: "
                + $"guessing scores {chance.Uniform:P1}, always answering '{chance.MajorityAnswer}' {chance.Majority:P1}";
        if (score.Cut * 2 > examples)
            yield return $"note: {score.Cut} of {examples} prompts ({(double)score.Cut / examples:P0}) were cut from the left to fit the model's context; "
                + "the scores are of shortened contexts";
    }

    static void ReportSummaries(string task, IReadOnlyList<SummarizedExample> results, bool forPerson)
    {
        var mean = RougeScore.Mean(results.Select(r => r.Rouge).ToList());
        int cut = results.Count(r => r.Cut);
        if (!forPerson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { task, rouge1 = mean.Rouge1, rouge2 = mean.Rouge2, rouge_l = mean.RougeL, n = results.Count, cut }));
            return;
        }
        var table = new Table().AddColumns("task", "ROUGE-1", "ROUGE-2", "ROUGE-L", "n", "cut");
        table.AddRow(task, $"{mean.Rouge1:F4}", $"{mean.Rouge2:F4}", $"{mean.RougeL:F4}", $"{results.Count}", $"{cut}");
        AnsiConsole.Write(table);
    }
}
