namespace SharpPrune.Tasks;

/// <summary>A named multiple-choice task: its examples, in data order.</summary>
public sealed record ChoiceTask(string Name, IReadOnlyList<TaskExample> Examples)
{
    /// <summary>Scores every example; <paramref name="onExample"/> is called after each (for progress).</summary>
    public ChoiceTaskResult Evaluate(LogLikelihoodScorer scorer, Action? onExample = null) =>
        new(Name, Examples.Select(e =>
        {
            var scored = scorer.Score(e);
            onExample?.Invoke();
            return scored;
        }).ToList());
}
