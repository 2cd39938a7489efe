using SharpPrune.Data;

namespace SharpPrune.Training;

/// <summary>
/// One training text source: a corpus file (see <see cref="DocumentSource"/>) with its text field and document
/// filter, written on the command line as <c>PATH[#field=F][#docs=FILTER]</c>, e.g.
/// <c>pubmedqa_ori_pqal.json#field=CONTEXTS+LONG_ANSWER#docs=not-ids:pubmedqa_test_ground_truth.json</c>; or a task's
/// labelled examples as prompt + gold answer, <c>PATH#task=NAME</c> (see <see cref="TaskAnswerText"/>).
/// </summary>
public sealed record TrainingSource(string Path, string Field = "text", DocumentFilter? Filter = null, string? Task = null)
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
                _ => throw new SharpPruneException($"--data {spec}: unknown part '#{part}' (expected #field=NAME, #docs=FILTER or #task=NAME)"),
            };
        }
        // A task picks its own text and split; a field or filter beside it would be silently ignored.
        if (source.Task is not null && (source.Field != "text" || source.Filter is not null))
            throw new SharpPruneException($"--data {spec}: #task takes the task's own prompt and split, so it cannot be combined with #field or #docs");
        return source;
    }

    public IReadOnlyList<string> ReadDocuments() =>
        Task is { } task ? TaskAnswerText.Documents(task, Path) : DocumentSource.Read(Path, Field, filter: Filter);

    public override string ToString() =>
        Path + (Field == "text" ? "" : $"#field={Field}") + (Filter is { } f ? $"#docs={f}" : "") + (Task is { } t ? $"#task={t}" : "");
}
