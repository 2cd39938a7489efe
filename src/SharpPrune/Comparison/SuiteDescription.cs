using System.Globalization;
using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>One plain line per suite entry saying what its column measured, for the reports' "Measured on" list.</summary>
internal static class SuiteDescription
{
    public static IEnumerable<string> Lines(ComparisonSuite suite, ComparisonResults results)
    {
        var first = results.Models[0];
        foreach (var set in suite.Perplexity)
        {
            var s = set.Spec;
            string docs = s.Filter switch
            {
                null => "all documents",
                { IdFile: { } ids } => $"documents {(s.Filter.ExcludeIds ? "not " : "")}listed in {Path.GetFileName(ids)}",
                _ => $"documents {s.Filter} by sorted id",
            };
            string max = s.MaxDocs is int n ? $", the first {n}" : "";
            string windows = s.SeqLen is int len ? $"windows of {len} tokens" : "windows of the model's context";
            string stride = s.Stride is int st ? $" every {st}" : "";
            long tokens = first.Perplexity[set.Name].TokensScored;
            yield return $"ppl {set.Name}: {Path.GetFileName(s.Data)} (field {s.Field}), {docs}{max}; {windows}{stride}; {tokens.ToString("N0", CultureInfo.InvariantCulture)} tokens scored";
        }
        foreach (var task in suite.Tasks)
        {
            var score = first.Tasks[task.Name];
            string source = File.Exists(task.Task) ? Path.GetFileName(task.Task) : task.Task;
            var shots = results.FewShotIds?.GetValueOrDefault(task.Name) ?? [];
            string fewShot = shots.Count == 0 ? "zero-shot" : $"{shots.Count}-shot (ids {string.Join(", ", shots)})";
            yield return $"{task.Name}: {source} test split{(task.Data is null ? "" : $" from {Path.GetFileName(task.Data)}")}, {score.N} labeled examples{(task.Limit is int l ? $" (limit {l})" : "")}, {score.Cut} prompts cut to fit, {fewShot}; accuracy and macro-F1 by {results.Score.Name()}";
        }
    }
}
