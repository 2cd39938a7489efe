namespace SharpPrune.Tasks;

/// <summary>
/// Few-shot prompting: K labeled examples drawn (seeded) from a split other than the evaluated one, each written as
/// its prompt followed by its gold candidate and a separator, before every evaluated prompt. The same K examples, in
/// the same order, precede every prompt, so a run is one fixed prompt prefix that its recorded ids reproduce. (The
/// lm-evaluation-harness draws afresh per example; one draw keeps a comparison's cells on identical prompts.)
/// The shots become the front of each example's context, so a prompt too long for the model loses the shots'
/// words first.
/// </summary>
public static class FewShot
{
    /// <summary>lm-evaluation-harness's default few-shot seed.</summary>
    public const int DefaultSeed = 1234;

    /// <summary>lm-evaluation-harness's default few-shot delimiter.</summary>
    public const string DefaultSeparator = "\n\n";

    /// <summary><paramref name="task"/> with <paramref name="k"/> examples of <paramref name="pool"/> before every prompt.</summary>
    public static ChoiceTask Prepend(ChoiceTask task, ChoiceTask pool, int k, int seed, string separator)
    {
        if (k < 0) throw new SharpPruneException($"task {task.Name}: the few-shot count must not be negative, not {k}");
        if (k == 0) return task;
        if (pool.DataPath is not null && task.DataPath is not null && SamePath(pool.DataPath, task.DataPath)
            && pool.Examples.Select(e => e.Id).Intersect(task.Examples.Select(e => e.Id)).Any())
            throw SharpPruneException.InFile(task.DataPath, $"task {task.Name}: few-shot examples must come from another split than the evaluated one");
        var labeled = pool.Examples.Where(e => e.Gold is not null).ToList();
        if (labeled.Count < k)
            throw new SharpPruneException($"task {task.Name}: {k} few-shot examples asked for, but the few-shot split {pool.DataPath} has {labeled.Count} labeled ones");
        var shots = Draw(labeled, k, seed);
        string prefix = string.Concat(shots.Select(s => s.Prompt + s.Candidates[s.Gold!.Value] + separator));
        return task with
        {
            Examples = task.Examples.Select(e => e with { Context = prefix + e.Context }).ToList(),
            FewShotIds = shots.Select(s => s.Id).ToList(),
        };
    }

    /// <summary>The first <paramref name="k"/> of a seeded Fisher–Yates shuffle: k distinct examples, in draw order.</summary>
    static List<TaskExample> Draw(IReadOnlyList<TaskExample> examples, int k, int seed)
    {
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(seed);
        for (int i = 0; i < k; i++)
        {
            int j = random.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order.Take(k).Select(i => examples[i]).ToList();
    }

    static bool SamePath(string a, string b) => Path.GetFullPath(a) == Path.GetFullPath(b);
}
