using SharpPrune.Tasks;
using SharpPrune.Text;

namespace SharpPrune.Training;

/// <summary>
/// A multiple-choice task's labelled examples as training documents: each is the prompt followed by the gold candidate
/// only, tokenized exactly as <see cref="ExampleEncoder"/> does for the scorer (the context cut from its left to fit),
/// with the loss on the answer tokens only. Fine-tuning then teaches the choice, not the prompts' text, and never shows a
/// wrong answer (memorized distractors pull a scorer towards them).
/// </summary>
public static class TaskAnswerText
{
    /// <summary>
    /// The labelled examples of task <paramref name="task"/> (built-in name or spec file) read from
    /// <paramref name="dataPath"/>; built-in tasks take their calibration split of it (PubMedQA: the ids outside the test 500).
    /// </summary>
    public static IReadOnlyList<TaskExample> Examples(string task, string dataPath)
    {
        var examples = TaskCatalog.LoadChoice(task, TaskSplit.Calibration, dataPath).Examples.Where(e => e.Gold is not null).ToList();
        if (examples.Count == 0) throw SharpPruneException.InFile(dataPath, $"no labelled examples of task {task} to train on");
        return examples;
    }

    /// <summary>The texts the model reads: prompt + gold candidate.</summary>
    public static IReadOnlyList<string> Documents(string task, string dataPath) =>
        Examples(task, dataPath).Select(e => e.Prompt + e.Candidates[e.Gold!.Value]).ToList();

    /// <summary>One example as tokens, prompt and gold continuation, fitted into <paramref name="maxTokens"/> tokens.</summary>
    public static TrainingDocument Encode(TaskExample example, TextTokenizer tokenizer, int maxTokens)
    {
        // The fit is for the gold answer alone: the wrong candidates are never read in training.
        var gold = example with { Candidates = [example.Candidates[example.Gold!.Value]], Gold = 0 };
        var encoded = new ExampleEncoder(tokenizer, maxTokens).Encode(gold);
        return new TrainingDocument([.. encoded.Prompt, .. encoded.Continuations[0]], encoded.Prompt.Count, LossOnEos: false);
    }
}
