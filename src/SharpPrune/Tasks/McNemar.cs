namespace SharpPrune.Tasks;

/// <summary>
/// McNemar's exact test of two models scored on the same examples: only the discordant examples count (right under one,
/// wrong under the other), and under the null hypothesis each is equally likely to favour either model, so the smaller
/// count is Binomial(b + c, ½). Paired, so it sees differences that two accuracies' standard errors hide.
/// </summary>
public static class McNemar
{
    /// <summary>
    /// Two-sided exact p-value for <paramref name="onlyA"/> examples right under A only and <paramref name="onlyB"/>
    /// under B only: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½); 1 when there is no discordant example.
    /// </summary>
    public static double ExactP(int onlyA, int onlyB)
    {
        if (onlyA < 0 || onlyB < 0) throw new ArgumentOutOfRangeException(nameof(onlyA), "counts must not be negative");
        int n = onlyA + onlyB, k = Math.Min(onlyA, onlyB);
        if (n == 0) return 1;
        // Terms in log space: C(n, i)·2⁻ⁿ underflows a double well before n reaches the thousands.
        double logHalfN = n * Math.Log(0.5), logChoose = 0, tail = 0;
        for (int i = 0; i <= k; i++)
        {
            if (i > 0) logChoose += Math.Log(n - i + 1) - Math.Log(i);
            tail += Math.Exp(logChoose + logHalfN);
        }
        return Math.Min(1, 2 * tail);
    }

    /// <summary>
    /// The discordant counts and p-value of <paramref name="a"/> against <paramref name="b"/> under
    /// <paramref name="convention"/>; the two must hold the same labelled examples in the same order.
    /// </summary>
    public static (int OnlyA, int OnlyB, double P) Compare(ChoiceTaskResult a, ChoiceTaskResult b, ScoreConvention convention)
    {
        var left = a.Examples.Where(e => e.Example.Gold is not null).ToList();
        var right = b.Examples.Where(e => e.Example.Gold is not null).ToList();
        if (left.Count != right.Count || left.Zip(right).Any(p => p.First.Example.Id != p.Second.Example.Id))
            throw new SharpPruneException($"McNemar's test pairs examples: {a.Task} and {b.Task} were not scored on the same ones");
        int onlyA = 0, onlyB = 0;
        foreach (var (x, y) in left.Zip(right))
        {
            bool rightA = x.Predicted(convention) == x.Example.Gold, rightB = y.Predicted(convention) == y.Example.Gold;
            if (rightA && !rightB) onlyA++;
            if (rightB && !rightA) onlyB++;
        }
        return (onlyA, onlyB, ExactP(onlyA, onlyB));
    }
}
