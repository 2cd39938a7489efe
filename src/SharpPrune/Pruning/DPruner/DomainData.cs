using System.Text.Json;
using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// Stage 2's training data: either domain text (seeded windows, next-token loss on every token) or
/// a task file of JSON lines with a prompt and an answer field (loss on the answer tokens only).
/// </summary>
public sealed record DomainData(CalibrationSpec Text, string? PromptField = null, string? AnswerField = null)
{
    public bool IsTask => PromptField is not null;

    /// <summary>
    /// Token ids [examples, length] and targets of the same shape, −100 where no loss is taken, and where each example
    /// was cut from (a task example's offset is the number of prompt tokens cut from its left).
    /// </summary>
    public (Tensor Ids, Tensor Targets, IReadOnlyList<CalibrationWindow> Windows) Load(TextTokenizer tokenizer)
    {
        if (!IsTask)
        {
            var set = CalibrationSampler.Sample(Text, tokenizer);
            return (set.Ids, set.Ids.clone(), set.Windows);
        }
        var rows = new List<(List<long> Ids, List<long> Targets)>();
        var windows = new List<CalibrationWindow>();
        foreach (var (id, prompt, answer) in TaskExamples())
        {
            var promptTokens = tokenizer.Encode(prompt);
            var full = tokenizer.Encode(prompt + answer);
            // Keep the answer whole; cut the prompt from the left to fit the length.
            int answerTokens = Math.Max(1, full.Count - promptTokens.Count);
            var kept = full.Skip(Math.Max(0, full.Count - Text.SeqLen)).Select(t => (long)t).ToList();
            var targets = kept.Select((t, i) => i >= kept.Count - answerTokens ? t : -100L).ToList();
            rows.Add((kept, targets));
            windows.Add(new CalibrationWindow([id], Math.Max(0, full.Count - Text.SeqLen)));
            if (rows.Count == Text.Samples) break;
        }
        if (rows.Count == 0) throw SharpPruneException.InFile(Text.Path, "no task examples");
        int length = rows.Max(r => r.Ids.Count);
        var idArray = new long[rows.Count * length];
        var targetArray = Enumerable.Repeat(-100L, rows.Count * length).ToArray();
        for (int r = 0; r < rows.Count; r++)
        {
            rows[r].Ids.CopyTo(idArray, r * length);
            rows[r].Targets.CopyTo(targetArray, r * length);
        }
        return (tensor(idArray).view(rows.Count, length), tensor(targetArray).view(rows.Count, length), windows);
    }

    /// <summary>A task file's examples (<see cref="IsTask"/>), in file order: the id (or "line N"), the prompt and the answer field.</summary>
    public IEnumerable<(string Id, string Prompt, string Answer)> TaskExamples()
    {
        foreach (var (line, row) in JsonLines.Read(Text.Path))
        {
            string Field(string name) =>
                row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()!
                    : throw SharpPruneException.InFile(Text.Path, $"line {line}: no string field \"{name}\"");
            string id = row.TryGetProperty("id", out var i) ? i.ToString() : $"line {line}";
            yield return (id, Field(PromptField!), Field(AnswerField!));
        }
    }
}
