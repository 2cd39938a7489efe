using SharpPrune.Data;
using SharpPrune.Text;

namespace SharpPrune.Training;

/// <summary>
/// One training text source: a corpus file (see <see cref="DocumentSource"/>) with its text field and document
/// filter, written on the command line as <c>PATH[#field=F][#docs=FILTER]</c>, e.g.
/// <c>pubmedqa_ori_pqal.json#field=CONTEXTS+LONG_ANSWER#docs=not-ids:pubmedqa_test_ground_truth.json</c>; or a task's
/// labelled examples as prompt + gold answer with the loss on the answer only, <c>PATH#task=NAME</c> (see
/// <see cref="TaskAnswerText"/>). <c>#examples=N</c> takes N of its documents, a seeded sample (whole seeded passes
/// repeated when N exceeds them), so several sources mix in the proportions the counts state.
/// </summary>
public sealed record TrainingSource(string Path, string Field = "text", DocumentFilter? Filter = null, string? Task = null, int? Examples = null)
{
    public static TrainingSource Parse(string spec)
    {
        var parts = spec.Split('#');
        var source = new TrainingSource(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            source = part.Split('=', 2) switch
            {
                ["field", var field] when field.Length > 0 => source with { Field = field },
                ["docs", var filter] => source with { Filter = DocumentFilter.Parse(filter, $"--data {spec}: #docs") },
                ["task", var task] when task.Length > 0 => source with { Task = task },
                ["examples", var n] => source with { Examples = int.TryParse(n, out int count) && count > 0 ? count
                    : throw new SharpPruneException($"--data {spec}: #examples={n} must be a positive whole number") },
                _ => throw new SharpPruneException($"--data {spec}: unknown part '#{part}' (expected #field=NAME, #docs=FILTER, #task=NAME or #examples=N)"),
            };
        }
        // A task picks its own text and split; a field or filter beside it would be silently ignored.
        if (source.Task is not null && (source.Field != "text" || source.Filter is not null))
            throw new SharpPruneException($"--data {spec}: #task takes the task's own prompt and split, so it cannot be combined with #field or #docs");
        return source;
    }

    /// <summary>The source's texts (for a task, prompt + gold answer), all of them, ignoring <see cref="Examples"/>.</summary>
    public IReadOnlyList<string> ReadDocuments() =>
        Task is { } task ? TaskAnswerText.Documents(task, Path) : DocumentSource.Read(Path, Field, filter: Filter);

    /// <summary>
    /// The documents a run trains on, as tokens with their loss positions: all of them, or the <see cref="Examples"/>
    /// drawn with <paramref name="seed"/>; task examples are fitted into <paramref name="maxTokens"/>. Also returns how
    /// many the source holds.
    /// </summary>
    public (IReadOnlyList<TrainingDocument> Documents, int Available) Read(TextTokenizer tokenizer, int maxTokens, long seed)
    {
        if (Task is { } task)
        {
            var examples = TaskAnswerText.Examples(task, Path);
            return (Draw(examples, seed).Select(e => TaskAnswerText.Encode(e, tokenizer, maxTokens)).ToList(), examples.Count);
        }
        var texts = DocumentSource.Read(Path, Field, filter: Filter);
        return (Draw(texts, seed).Select(t => TrainingDocument.Text(tokenizer.Encode(t))).ToList(), texts.Count);
    }

    IEnumerable<T> Draw<T>(IReadOnlyList<T> all, long seed)
    {
        if (Examples is not { } n) return all;
        var drawn = new List<T>(n);
        for (int pass = 0; drawn.Count < n; pass++)
        {
            var order = Enumerable.Range(0, all.Count).ToArray();
            new Random(unchecked((int)(seed * 1_000_003 + pass))).Shuffle(order);
            drawn.AddRange(order.Take(n - drawn.Count).Select(i => all[i]));
        }
        return drawn;
    }

    public override string ToString() =>
        Path + (Field == "text" ? "" : $"#field={Field}") + (Filter is { } f ? $"#docs={f}" : "") + (Task is { } t ? $"#task={t}" : "")
        + (Examples is { } n ? $"#examples={n}" : "");
}
