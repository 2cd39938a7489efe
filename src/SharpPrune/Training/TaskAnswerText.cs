using SharpPrune.Tasks;

namespace SharpPrune.Training;

/// <summary>
/// A multiple-choice task's labelled calibration examples as training documents: each is the prompt followed by the
/// gold candidate only, exactly as <see cref="LogLikelihoodScorer"/> reads them, so fine-tuning teaches the task's
/// format and its right answers without ever showing a wrong one (memorized distractors pull a scorer towards them).
/// </summary>
public static class TaskAnswerText
{
    /// <summary>
    /// The documents of task <paramref name="task"/> (built-in name or spec file) read from <paramref name="dataPath"/>;
    /// built-in tasks take their calibration split of it (PubMedQA: the ids outside the test 500).
    /// </summary>
    public static IReadOnlyList<string> Documents(string task, string dataPath)
    {
        var examples = TaskCatalog.LoadChoice(task, TaskSplit.Calibration, dataPath).Examples;
        var documents = examples.Where(e => e.Gold is not null).Select(e => e.Prompt + e.Candidates[e.Gold!.Value]).ToList();
        if (documents.Count == 0) throw SharpPruneException.InFile(dataPath, $"no labelled examples of task {task} to train on");
        return documents;
    }
}
