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
/// labeled examples; billsum reports ROUGE of greedy summaries.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = CommandAction.ModelOption();
        var task = new Option<string>("--task") { Description = "pubmedqa, casehold, billsum, or a task spec .json file", Required = true };
        var data = new Option<string?>("--data") { Description = "data file (default: the task's test data under ../shared)" };
        var limit = new Option<int?>("--limit") { Description = "only the first N examples" };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "summary length limit (billsum)", DefaultValueFactory = _ => 128 };
        var device = CommandAction.DeviceOption();
        var json = CommandAction.JsonOption();
        var force = CommandAction.ForceOption();
        var command = new Command("eval", "Score a model on a downstream task") { model, task, data, limit, maxNew, device, json, force };
        CommandAction.Set(command, parse =>
        {
            if (parse.GetValue(limit) is <= 0) throw new SharpPruneException("--limit must be positive");
            string dir = parse.GetValue(model)!, name = parse.GetValue(task)!;
            bool forPerson = !parse.GetValue(json);
            if (TaskCatalog.IsSummarization(name))
            {
                var examples = BillSum.Load(parse.GetValue(data)).Take(parse.GetValue(limit) ?? int.MaxValue).ToList();
                var config = ModelConfigReader.ReadFolder(dir);
                MemoryGuard.Check("eval", MemoryEstimate.Inference(config, 1, config.MaxPositions, kvCache: true), parse.GetValue(force));
                using var lm = CommandAction.LoadModel(dir, parse.GetValue(device)!);
                var summarizer = new Summarizer(lm, TextTokenizer.Load(dir), parse.GetValue(maxNew));
                var results = Progress.Run(name, "examples", examples.Count, forPerson, progress =>
                    examples.Select(e => { var r = summarizer.Summarize(e); progress.Advance(1); return r; }).ToList());
                ReportSummaries(name, results, forPerson);
            }
            else
            {
                var choice = TaskCatalog.LoadChoice(name, TaskSplit.Test, parse.GetValue(data)).First(parse.GetValue(limit));
                var config = ModelConfigReader.ReadFolder(dir);
                // All candidates of an example go through the model as one batch.
                int batch = choice.Examples.Select(e => e.Candidates.Count).DefaultIfEmpty(1).Max();
                MemoryGuard.Check("eval", MemoryEstimate.Inference(config, batch, config.MaxPositions), parse.GetValue(force));
                using var lm = CommandAction.LoadModel(dir, parse.GetValue(device)!);
                var scorer = new LogLikelihoodScorer(lm, TextTokenizer.Load(dir));
                var result = Progress.Run(choice.Name, "examples", choice.Examples.Count, forPerson, progress => choice.Evaluate(scorer, () => progress.Advance(1)));
                ReportChoices(choice.Name, ChoiceTaskScore.Of(result), ChanceLevel.Of(choice.Examples)!, choice.Examples.Count, forPerson);
            }
            return 0;
        });
        return command;
    }

    /// <param name="chance">Never null here: <see cref="ChoiceTaskScore.Of"/> has refused a task without labels.</param>
    static void ReportChoices(string task, ChoiceTaskScore score, ChanceLevel chance, int examples, bool forPerson)
    {
        if (!forPerson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { task, accuracy = score.Accuracy, macro_f1 = score.MacroF1, gold_margin = score.GoldMargin,
                gold_margin_se = score.GoldMarginSe, n = score.N, cut = score.Cut, chance = chance.Uniform, majority = chance.Majority }));
            return;
        }
        double se = ChanceLevel.AccuracyStandardError(score.Accuracy, score.N);
        var table = new Table().AddColumns("task", "accuracy ± s.e.", "chance", "majority", "macro-F1", "gold margin ± s.e.", "n", "cut");
        table.AddRow(Markup.Escape(task), $"{score.Accuracy:P1} ± {se:P1}", $"{chance.Uniform:P1}", Markup.Escape($"{chance.Majority:P1} ('{chance.MajorityAnswer}')"),
            $"{score.MacroF1:F4}", $"{score.GoldMargin:F4} ± {score.GoldMarginSe:F4}", $"{score.N}", $"{score.Cut}");
        AnsiConsole.Write(table);
        foreach (var note in Notes(score, chance, examples)) Console.WriteLine(note);
    }

    /// <summary>What a reader of the table should not miss: a score chance explains, and scores of mostly cut prompts.</summary>
    /// <param name="examples">All examples scored, labeled or not: the cut count is over all of them.</param>
    internal static IEnumerable<string> Notes(ChoiceTaskScore score, ChanceLevel chance, int examples)
    {
        if (chance.Explains(score.Accuracy, score.N))
            yield return $"note: accuracy {score.Accuracy:P1} ± {ChanceLevel.AccuracyStandardError(score.Accuracy, score.N):P1} is not above chance: "
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
