namespace SharpPrune.Pruning.Attribution;

/// <summary>Which units (FFN neurons, attention head groups) stay, given one score per unit (higher = more needed).</summary>
public static class UnitSelection
{
    /// <summary>
    /// Kept unit indices per layer, ascending. Per layer, the ⌊ratio·width⌋ lowest-scored go; globally, the
    /// ⌊ratio·total⌋ lowest over all layers go, but no layer drops below ⌈minKeep·width⌉ (at least one) units.
    /// Ties break toward removing the lower index, so the result is deterministic.
    /// </summary>
    public static IReadOnlyList<long[]> Keep(IReadOnlyList<double[]> scores, double ratio, bool global, double minKeep)
    {
        var removed = scores.Select(s => new bool[s.Length]).ToArray();
        var ranked = scores.SelectMany((s, layer) => s.Select((score, k) => (score, layer, k)))
            .OrderBy(u => u.score).ThenBy(u => u.layer).ThenBy(u => u.k);
        if (global)
        {
            int budget = (int)Math.Floor(ratio * scores.Sum(s => s.Length));
            var left = scores.Select(s => s.Length).ToArray();
            foreach (var (_, layer, k) in ranked)
            {
                if (budget == 0) break;
                int floor = Math.Max(1, (int)Math.Ceiling(minKeep * scores[layer].Length));
                if (left[layer] <= floor) continue;
                removed[layer][k] = true;
                left[layer]--;
                budget--;
            }
        }
        else
        {
            var quota = scores.Select(s => (int)Math.Floor(ratio * s.Length)).ToArray();
            foreach (var (_, layer, k) in ranked)
                if (quota[layer] > 0)
                {
                    removed[layer][k] = true;
                    quota[layer]--;
                }
        }
        return removed.Select(r => Enumerable.Range(0, r.Length).Where(k => !r[k]).Select(k => (long)k).ToArray()).ToList();
    }
}
