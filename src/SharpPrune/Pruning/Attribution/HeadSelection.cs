namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// Which groups of attention heads stay. The unit is a KV head with its query heads, so grouped-query attention stays
/// valid (for multi-head attention a group is one head); a group scores the sum of its query heads' scores.
/// </summary>
public static class HeadSelection
{
    /// <summary>Kept groups per layer, ascending: the ⌊ratio·groups⌋ lowest-scored of each layer go.</summary>
    public static IReadOnlyList<long[]> KeepGroups(IReadOnlyList<double[]> headScores, IReadOnlyList<int> kvHeads, double ratio)
    {
        if (!(ratio >= 0 && ratio < 1)) throw new ArgumentOutOfRangeException(nameof(ratio), "a layer must keep at least one group");
        var groupScores = headScores.Select((scores, i) => GroupScores(scores, kvHeads[i])).ToList();
        // minKeep applies to global selection only; per layer, ratio < 1 already keeps at least one group.
        return UnitSelection.Keep(groupScores, ratio, global: false, minKeep: 1);
    }

    /// <summary>Per KV group, the sum of the scores of the query heads it serves (see <see cref="Models.HeadGroups"/>).</summary>
    public static double[] GroupScores(double[] headScores, int groups)
    {
        int queriesPerGroup = headScores.Length / groups;
        return Enumerable.Range(0, groups).Select(g => headScores.Skip(g * queriesPerGroup).Take(queriesPerGroup).Sum()).ToArray();
    }
}
