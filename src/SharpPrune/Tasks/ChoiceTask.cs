namespace SharpPrune.Tasks;

/// <summary>A named multiple-choice task: its examples, in data order.</summary>
public sealed record ChoiceTask(string Name, IReadOnlyList<TaskExample> Examples)
{
    /// <summary>The file the examples were read from (full path), so few-shot examples can be kept out of it.</summary>
    public string? DataPath { get; init; }

    /// <summary>The ids of the few-shot examples written before every prompt, in prompt order; empty for zero-shot.</summary>
    public IReadOnlyList<string> FewShotIds { get; init; } = [];

    /// <summary>The task cut to its first <paramref name="limit"/> examples; all of them when null.</summary>
    public ChoiceTask First(int? limit) => limit switch
    {
        null => this,
        <= 0 => throw new SharpPruneException($"task {Name}: the example limit must be positive, not {limit}"),
        int n => this with { Examples = Examples.Take(n).ToList() },
    };

    /// <summary>Scores every example; <paramref name="onExample"/> is called after each (for progress).</summary>
    public ChoiceTaskResult Evaluate(LogLikelihoodScorer scorer, Action? onExample = null) => new(Name, scorer.ScoreAll(Examples, onExample).ToList());
}
