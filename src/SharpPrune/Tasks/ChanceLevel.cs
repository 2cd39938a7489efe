namespace SharpPrune.Tasks;

/// <summary>
/// What a multiple-choice task's accuracy is worth without reading the prompt, over its labeled examples: guessing
/// uniformly among the candidates (<see cref="Uniform"/>) and always giving the most common gold answer
/// (<see cref="Majority"/>). A model whose accuracy is not above <see cref="Level"/> by more than its standard error has
/// shown nothing (PubMedQA's test split is 55 % "yes": 30 % accuracy is below chance, not "best").
/// </summary>
/// <param name="Uniform">The mean of 1 / candidates over the labeled examples.</param>
/// <param name="Majority">The share of the labeled examples whose gold answer is the most common one.</param>
/// <param name="MajorityAnswer">That answer: the candidate's text where it is the same in every example (" yes"), else "candidate K".</param>
public sealed record ChanceLevel(double Uniform, double Majority, string MajorityAnswer)
{
    /// <summary>The better of the two ways to score without a model.</summary>
    public double Level => Math.Max(Uniform, Majority);

    /// <summary>Null when no example is labeled.</summary>
    public static ChanceLevel? Of(IReadOnlyList<TaskExample> examples)
    {
        var labeled = examples.Where(e => e.Gold is not null).ToList();
        if (labeled.Count == 0) return null;
        // Ties between equally common answers go to the lowest index, so the level is the same on every run.
        var (gold, count) = labeled.GroupBy(e => e.Gold!.Value).Select(g => (Gold: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Gold).First();
        var texts = labeled.Where(e => gold < e.Candidates.Count).Select(e => e.Candidates[gold]).Distinct().Take(2).ToList();
        string answer = texts.Count == 1 ? texts[0].Trim() : $"candidate {gold}";
        return new ChanceLevel(labeled.Average(e => 1.0 / e.Candidates.Count), (double)count / labeled.Count, answer);
    }

    /// <summary>The binomial standard error of an accuracy over <paramref name="n"/> examples, √(p(1 − p) / n).</summary>
    public static double AccuracyStandardError(double accuracy, int n) => n > 0 ? Math.Sqrt(accuracy * (1 - accuracy) / n) : double.NaN;

    /// <summary>True unless the accuracy stands above <see cref="Level"/> by more than its standard error.</summary>
    public bool Explains(double accuracy, int n) => accuracy - Level <= AccuracyStandardError(accuracy, n);
}
