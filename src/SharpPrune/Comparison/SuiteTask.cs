using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>A named task column of a suite: a built-in multiple-choice task or a task spec file, scored on its test split.</summary>
/// <param name="Task">pubmedqa, casehold, or the full path of a task spec file.</param>
/// <param name="Data">Test data replacing the task's own, as <c>eval --data</c>.</param>
/// <param name="Limit">Only the first examples, as <c>eval --limit</c>.</param>
/// <param name="FewShot">Few-shot examples before every prompt, as <c>eval --fewshot/--fewshot-seed</c>; null keeps the task's own.</param>
public sealed record SuiteTask(string Name, string Task, string? Data, int? Limit, FewShotRequest? FewShot = null)
{
    public ChoiceTask Load() => TaskCatalog.LoadChoice(Task, TaskSplit.Test, Data, FewShot).First(Limit);
}
