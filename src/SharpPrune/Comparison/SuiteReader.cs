using System.Text.Json;
using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.IO;
using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>
/// Parses a suite file:
/// <code>
/// {"seq_len": 256, "stride": 256,
///  "perplexity": [{"name": "general", "data": "brown.jsonl", "field": "text", "docs": "0.8:1", "max_docs": 50, "seq_len": 128, "stride": 64}],
///  "tasks": [{"name": "pubmedqa", "limit": 100}, {"name": "boolq", "task": "boolq.json", "data": "boolq-test.jsonl"},
///            {"name": "cb-3shot", "task": "cb.json", "fewshot": 3, "fewshot_seed": 1234}]}
/// </code>
/// Only names and "data" of perplexity sets are required; top-level seq_len/stride are the sets' defaults. A task's
/// "task" defaults to its name; "fewshot"/"fewshot_seed" are eval's --fewshot/--fewshot-seed. Paths (data, task
/// spec files, the FILE of ids:FILE) are relative to the suite's folder. Unknown keys are refused, so a misspelt
/// option cannot silently fall back to a default. Every problem is reported as "suite path: where: what".
/// </summary>
internal static class SuiteReader
{
    static readonly string[] SuiteKeys = ["perplexity", "tasks", "seq_len", "stride"];
    static readonly string[] PerplexityKeys = ["name", "data", "field", "docs", "max_docs", "seq_len", "stride"];
    static readonly string[] TaskKeys = ["name", "task", "data", "limit", "fewshot", "fewshot_seed"];

    public static ComparisonSuite Read(string path)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "suite file not found");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            using var json = JsonDocument.Parse(TextFile.ReadAllText(path));
            var root = json.RootElement;
            JsonUnicode.Check(path, root);
            if (root.ValueKind != JsonValueKind.Object)
                throw SharpPruneException.InFile(path, "a suite is a JSON object with \"perplexity\" and \"tasks\" lists");
            var entry = new Entry(path, folder, "top level", root);
            entry.CheckKeys(SuiteKeys);
            int? seqLen = entry.PositiveInt("seq_len"), stride = entry.PositiveInt("stride");
            var sets = entry.List("perplexity").Select(e => Perplexity(e, seqLen, stride)).ToList();
            var tasks = entry.List("tasks").Select(Task).ToList();
            if (sets.Count + tasks.Count == 0) throw SharpPruneException.InFile(path, "no perplexity sets and no tasks: nothing to compare");
            CheckUnique(path, "perplexity", sets.Select(s => s.Name));
            CheckUnique(path, "tasks", tasks.Select(t => t.Name));
            return new ComparisonSuite(Path.GetFullPath(path), sets, tasks);
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"invalid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    static SuitePerplexity Perplexity(Entry e, int? seqLen, int? stride)
    {
        e.CheckKeys(PerplexityKeys);
        string name = e.Name();
        var filter = e.String("docs") is { } docs ? e.Filter(docs) : null;
        var spec = new PerplexitySpec(e.ExistingFile("data") ?? throw e.Error("no \"data\" file"), e.String("field") ?? "text", filter,
            e.PositiveInt("max_docs"), e.PositiveInt("seq_len") ?? seqLen, e.PositiveInt("stride") ?? stride);
        if (spec.SeqLen < 2) throw e.Error("\"seq_len\" must be at least 2");
        if (spec.Stride > (spec.SeqLen ?? int.MaxValue)) throw e.Error("\"stride\" must not exceed \"seq_len\"");
        return new SuitePerplexity(name, spec);
    }

    static SuiteTask Task(Entry e)
    {
        e.CheckKeys(TaskKeys);
        string name = e.Name(), task = e.String("task") ?? name;
        if (TaskCatalog.IsSummarization(task))
            throw e.Error($"{task} is scored by generation (ROUGE); a suite takes multiple-choice tasks: {TaskCatalog.PubMedQaName}, {TaskCatalog.CaseHoldName} or a task spec file");
        if (task is not (TaskCatalog.PubMedQaName or TaskCatalog.CaseHoldName))
        {
            task = e.Resolve("task", task);
            if (!File.Exists(task))
                throw e.Error($"unknown task \"{e.String("task") ?? name}\": neither {TaskCatalog.PubMedQaName}, {TaskCatalog.CaseHoldName} nor a task spec file");
        }
        int? shots = e.Int("fewshot", 0), seed = e.Int("fewshot_seed", int.MinValue);
        return new SuiteTask(name, task, e.ExistingFile("data"), e.PositiveInt("limit"),
            shots is null && seed is null ? null : new FewShotRequest(shots, seed));
    }

    static void CheckUnique(string path, string list, IEnumerable<string> names)
    {
        if (names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw SharpPruneException.InFile(path, $"{list}: the name \"{twice.Key}\" is used twice; names label the report's columns");
    }

    /// <summary>One JSON object of the suite and where it is ("perplexity[1]"), for messages that point at it.</summary>
    sealed record Entry(string SuitePath, string Folder, string Where, JsonElement Json)
    {
        public SharpPruneException Error(string problem) => SharpPruneException.InFile(SuitePath, $"{Where}: {problem}");

        public void CheckKeys(string[] known)
        {
            foreach (var property in Json.EnumerateObject())
                if (!known.Contains(property.Name))
                    throw Error($"unknown key \"{property.Name}\" (known: {string.Join(", ", known)})");
        }

        public IEnumerable<Entry> List(string key)
        {
            if (!Json.TryGetProperty(key, out var list)) return [];
            if (list.ValueKind != JsonValueKind.Array) throw Error($"\"{key}\" must be a list");
            return list.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.Object
                ? this with { Where = $"{key}[{i}]", Json = item }
                : throw Error($"{key}[{i}] must be an object"));
        }

        public string Name()
        {
            string name = String("name") ?? throw Error("no \"name\"");
            return string.IsNullOrWhiteSpace(name) ? throw Error("\"name\" is empty") : name;
        }

        public string? String(string key) => !Json.TryGetProperty(key, out var value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw Error($"\"{key}\" must be a string");

        public int? PositiveInt(string key) => !Json.TryGetProperty(key, out var value) ? null
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n > 0 ? n
            : throw Error($"\"{key}\" must be a positive integer");

        public int? Int(string key, int min) => !Json.TryGetProperty(key, out var value) ? null
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n >= min ? n
            : throw Error($"\"{key}\" must be an integer{(min == 0 ? " of at least 0" : "")}");

        /// <summary>A path relative to the suite's folder, made absolute.</summary>
        public string Resolve(string key, string relative) =>
            relative.Contains('\0') ? throw Error($"\"{key}\" is not a path") : Path.GetFullPath(Path.Combine(Folder, relative));

        /// <summary>A file named relative to the suite's folder, which must exist.</summary>
        public string? ExistingFile(string key)
        {
            if (String(key) is not { } relative) return null;
            string path = Resolve(key, relative);
            return File.Exists(path) ? path : throw Error($"{key} file {path} not found");
        }

        public DocumentFilter Filter(string text)
        {
            DocumentFilter filter;
            try
            {
                filter = DocumentFilter.Parse(text, "\"docs\"");
            }
            catch (SharpPruneException e)
            {
                throw Error(e.Message);
            }
            if (filter.IdFile is null) return filter;
            string ids = Resolve("docs", filter.IdFile);
            return File.Exists(ids) ? filter with { IdFile = ids } : throw Error($"\"docs\": id list {ids} not found");
        }
    }
}
