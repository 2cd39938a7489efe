namespace SharpPrune.Comparison;

/// <summary>
/// Which model, if any, a column highlights as best: only one whose value beats every other model's by more than the
/// standard error of the difference, √(se₁² + se₂²), so noise is not marked as a win (PubMedQA at 30 % ± 4.6 % against
/// 26 % ± 4.4 % is no win). Without a standard error nothing is highlighted, and two models within noise of each other
/// at the top leave the column plain.
/// </summary>
public static class BestValue
{
    /// <param name="values">One per model; null where the model has no value.</param>
    /// <param name="better">−1 when lower is better (perplexity), +1 when higher is (accuracy).</param>
    /// <param name="floor">
    /// For higher-is-better columns, a level the best must also exceed by more than its own standard error: the chance
    /// level of a task, so a model at chance is never best however the others do.
    /// </param>
    /// <returns>The index of the best model, or null when none stands out.</returns>
    public static int? Of(IReadOnlyList<Measurement?> values, int better, double? floor = null)
    {
        if (better is not (-1 or 1)) throw new ArgumentOutOfRangeException(nameof(better), better, "must be -1 or +1");
        var present = values.Select((v, i) => (Index: i, Value: v)).Where(v => v.Value is not null).Select(v => (v.Index, M: v.Value!.Value)).ToList();
        // One model has nothing to beat; a value without its standard error cannot be told from noise.
        if (present.Count < 2 || present.Any(p => p.M.StandardError is null)) return null;
        var best = better < 0 ? present.MinBy(p => p.M.Value) : present.MaxBy(p => p.M.Value);
        double se = best.M.StandardError!.Value;
        bool beatsAll = present.Where(p => p.Index != best.Index).All(p =>
            better * (best.M.Value - p.M.Value) > Math.Sqrt(se * se + p.M.StandardError!.Value * p.M.StandardError.Value));
        bool beatsFloor = floor is not double level || better * (best.M.Value - level) > se;
        return beatsAll && beatsFloor ? best.Index : null;
    }
}
