using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Tasks;
using static TorchSharp.torch;

namespace SharpPrune.Comparison;

/// <summary>
/// Measures every model on every entry of a suite. Each finished cell goes to the <see cref="CellCache"/> at once, and a
/// cell already there is not measured again; a model is only loaded when one of its cells is missing.
/// <code>
/// var suite = ComparisonSuite.Read("suite.json");
/// var results = new ComparisonRunner(suite, new CellCache("out/report.cache")).Run(["dense", "pruned"]);
/// ComparisonReport.Write("out/report", suite, results, overwrite: false);
/// </code>
/// </summary>
public sealed class ComparisonRunner(ComparisonSuite suite, CellCache cache)
{
    /// <summary>Bump when a change to the measuring code changes results, so older cache entries are not reused.</summary>
    /// 2: perplexity cells carry the standard error the report's highlighting needs; task cells hold every score convention.
    const string Version = "2";

    public Device Device { get; init; } = CPU;

    /// <summary>The convention the report's task columns show; every convention is measured and cached either way.</summary>
    public ScoreConvention Score { get; init; } = ScoreConvention.Acc;

    /// <summary>Whether each model's decoder layers are streamed from disk (perplexity and tasks then run layer-major); auto streams a model that would not fit comfortably.</summary>
    public StreamMode Stream { get; init; } = StreamMode.Auto;

    /// <summary>Called before each cell with "model · column".</summary>
    public Action<string>? OnCellStarted { get; init; }

    /// <summary>Called after each cell; true when it came from the cache.</summary>
    public Action<bool>? OnCellFinished { get; init; }

    public ComparisonResults Run(IReadOnlyList<string> modelDirectories)
    {
        if (modelDirectories.Count == 0) throw new SharpPruneException("--models: no model folder given");
        foreach (var dir in modelDirectories)
        {
            if (!Directory.Exists(dir)) throw SharpPruneException.InFile(dir, "model folder not found");
            if (!File.Exists(Path.Combine(dir, "config.json"))) throw SharpPruneException.InFile(dir, "no config.json: not a model folder");
        }
        // Data is read once for all models; each model tokenizes it with its own tokenizer.
        var sets = suite.Perplexity.Select(s => (Entry: s, Documents: s.Spec.ReadDocuments())).ToList();
        var tasks = suite.Tasks.Select(t => (Entry: t, Task: t.Load())).ToList();
        var setKeys = sets.Select(s => DocumentsKey(s.Entry.Spec, s.Documents)).ToList();
        var taskKeys = tasks.Select(t => ExamplesKey(t.Task)).ToList();
        var names = Names(modelDirectories);
        int cached = 0;
        var models = new List<ComparedModel>();
        for (int m = 0; m < modelDirectories.Count; m++)
        {
            string dir = modelDirectories[m], fingerprint = ModelFingerprint.Of(dir);
            using var lazy = new LazyModel(dir, Device, d => ResidencyOf(d, tasks.Select(t => t.Task)));
            T Cell<T>(string definition, string column, Func<T> measure)
            {
                string key = Key(fingerprint, definition), description = $"{names[m]} · {column}";
                OnCellStarted?.Invoke(description);
                bool hit = cache.TryGet(key, out T value);
                if (hit) cached++;
                else cache.Put(key, description, value = Measure(description, measure));
                OnCellFinished?.Invoke(hit);
                return value;
            }
            // The weights' facts are cached too, but are not a cell of the table: they are not counted.
            string summaryKey = Key(fingerprint, "summary");
            if (!cache.TryGet(summaryKey, out ModelSummary summary))
                cache.Put(summaryKey, $"{names[m]} · weights", summary = ModelSummary.Of(lazy.Model));
            var perplexity = sets.Select((s, i) => (s.Entry.Name, Result: Cell(setKeys[i], s.Entry.Name,
                () => s.Entry.Spec.Evaluate(lazy.Model, s.Documents.Select(d => lazy.Tokenizer.Encode(d.Text)))))).ToList();
            var scores = tasks.Select((t, i) => (t.Entry.Name, Score: Cell(taskKeys[i], t.Entry.Name,
                () => ChoiceTaskScore.Of(t.Task.Evaluate(new LogLikelihoodScorer(lazy.Model, lazy.Tokenizer)))))).ToList();
            models.Add(new ComparedModel(names[m], Path.GetFullPath(dir), fingerprint, PruningInfo.Read(dir), ModelFingerprint.SafetensorsBytes(dir),
                summary, perplexity.ToDictionary(p => p.Name, p => p.Result), scores.ToDictionary(t => t.Name, t => t.Score)));
        }
        return new ComparisonResults(suite.Path, sets.Select(s => s.Entry.Name).ToList(), tasks.Select(t => t.Entry.Name).ToList(),
            models, models.Count * suite.CellCount, cached,
            tasks.ToDictionary(t => t.Entry.Name, t => new ComparedTask(t.Task.Examples.Count, ChanceLevel.Of(t.Task.Examples))),
            Score, tasks.ToDictionary(t => t.Entry.Name, t => t.Task.FewShotIds));
    }

    /// <summary>
    /// In memory or streamed (<see cref="MemoryGuard.Choose"/>), judged on one task example's candidates at the model's context. The
    /// comparison never refuses a model on its estimate, as before streaming: it only picks the mode.
    /// </summary>
    WeightResidency ResidencyOf(string directory, IEnumerable<ChoiceTask> tasks)
    {
        var config = ModelConfigReader.ReadFolder(directory);
        double storedBytes = MemoryEstimate.StoredBytesPerWeight(directory);
        int rows = tasks.SelectMany(t => t.Examples).Select(e => e.Candidates.Count).DefaultIfEmpty(1).Max();
        return MemoryGuard.Choose("compare", Stream,
            MemoryEstimate.Inference(config, rows, config.MaxPositions, residency: WeightResidency.Stored, storedBytes: storedBytes),
            MemoryEstimate.LayerMajorInference(config, rows, config.MaxPositions, storedBytes), null, force: true);
    }

    /// <summary>A measurement, its errors prefixed with the cell ("pruned · medical: --seq-len 1024 exceeds …") since the same suite entry can suit one model and not another.</summary>
    static T Measure<T>(string description, Func<T> measure)
    {
        try
        {
            return measure();
        }
        catch (SharpPruneException e)
        {
            throw new SharpPruneException($"{description}: {e.Message}", e);
        }
    }

    static string Key(string fingerprint, string definition)
    {
        using var hash = new ContentHash();
        return hash.Add(Version).Add(fingerprint).Add(definition).Finish();
    }

    /// <summary>A perplexity cell is defined by the documents' texts themselves (so edits to the data count) and the windows.</summary>
    static string DocumentsKey(PerplexitySpec spec, IReadOnlyList<Document> documents)
    {
        using var hash = new ContentHash();
        hash.Add("perplexity").Add($"{spec.SeqLen}").Add($"{spec.Stride}");
        foreach (var d in documents) hash.Add(d.Id).Add(d.Text);
        return hash.Finish();
    }

    /// <summary>A task cell is defined by the examples scored: prompts, candidates and gold labels.</summary>
    static string ExamplesKey(ChoiceTask task)
    {
        using var hash = new ContentHash();
        hash.Add("task");
        foreach (var e in task.Examples)
        {
            hash.Add(e.Id).Add(e.Context).Add(e.Question).Add($"{e.Gold}").Add($"{e.Candidates.Count}");
            foreach (var c in e.Candidates) hash.Add(c);
        }
        return hash.Finish();
    }

    /// <summary>Folder names label the rows; where two folders share a name, those rows show the paths as given.</summary>
    static List<string> Names(IReadOnlyList<string> directories)
    {
        var names = directories.Select(d => Path.GetFileName(Path.GetFullPath(d).TrimEnd('/', '\\'))).ToList();
        return names.Select((n, i) => names.Count(x => x == n) > 1 ? directories[i] : n).ToList();
    }
}
