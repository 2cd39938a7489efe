namespace SharpPrune.Tasks;

/// <summary>Accuracy and macro-F1 of predicted against gold class indexes.</summary>
/// <param name="MacroF1">The mean F1 over the classes that occur among the gold labels (a class never predicted scores 0).</param>
public sealed record ClassificationMetrics(double Accuracy, double MacroF1, int N)
{
    public static ClassificationMetrics Compute(IReadOnlyList<(int Gold, int Predicted)> pairs)
    {
        if (pairs.Count == 0) throw new SharpPruneException("no labeled examples to score");
        double accuracy = (double)pairs.Count(p => p.Gold == p.Predicted) / pairs.Count;
        var f1s = pairs.Select(p => p.Gold).Distinct().Select(c =>
        {
            int tp = pairs.Count(p => p.Gold == c && p.Predicted == c);
            int predicted = pairs.Count(p => p.Predicted == c), actual = pairs.Count(p => p.Gold == c);
            // F1 = 2TP / (predicted + actual) is 2PR / (P + R) without dividing by a zero precision.
            return 2.0 * tp / (predicted + actual);
        });
        return new ClassificationMetrics(accuracy, f1s.Average(), pairs.Count);
    }
}
