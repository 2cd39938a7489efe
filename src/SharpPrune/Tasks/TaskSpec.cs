using System.Text.Json;
using SharpPrune.Data;
using SharpPrune.IO;

namespace SharpPrune.Tasks;

/// <summary>
/// A multiple-choice task over a JSON-lines file, described by templates with "{path}" placeholders filled from each
/// row (see <see cref="FieldPath"/>). The prompt is <see cref="Context"/> (cut from the left when too long) followed by
/// <see cref="Question"/>; the candidates are templates too (" yes", " {option_a}"), or come from a list or object
/// field of the row (<see cref="CandidatesFrom"/>).
/// </summary>
/// <param name="Candidates">Candidate templates; empty when <see cref="CandidatesFrom"/> gives them.</param>
/// <param name="LabelField">Path of the gold answer (see <see cref="GoldLabel"/>); null for unlabeled data.</param>
/// <param name="IdField">Path naming each example; null numbers them by line.</param>
/// <param name="Data">The JSON-lines file, relative to the spec file's folder when read from one.</param>
public sealed record TaskSpec(string Name, string Context, string Question, IReadOnlyList<string> Candidates,
    string? LabelField, string? IdField, string? Data)
{
    static readonly string[] Keys = ["name", "data", "calibration", "context", "question", "candidates", "label", "label_map", "id", "fewshot"];
    static readonly string[] CandidateKeys = ["from", "format"];
    static readonly string[] FewShotKeys = ["data", "k", "seed", "separator"];

    /// <summary>Candidates from a field of each row, in place of <see cref="Candidates"/>.</summary>
    public CandidateField? CandidatesFrom { get; init; }

    /// <summary>Label text → candidate index, for labels that are neither (letters against option texts, booleans, class names).</summary>
    public IReadOnlyDictionary<string, int>? LabelMap { get; init; }

    /// <summary>Where few-shot examples come from; null when the task has no such split.</summary>
    public FewShotSplit? Shots { get; init; }

    /// <summary>
    /// The labelled split that calibration (attribution scores) and training read when no file is given, relative to the
    /// spec file's folder; null = <see cref="Data"/>. Keeps pruning and fine-tuning off the evaluation split by default.
    /// </summary>
    public string? CalibrationData { get; init; }

    /// <summary>The spec file, for messages; null for a spec built in code.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// Reads a spec file: {"name", "data", "calibration", "context", "question", "candidates", "label", "label_map", "id", "fewshot"},
    /// where only "question" and "candidates" are required; "candidates" is a list of templates or
    /// {"from": PATH, "format": TEMPLATE}, "fewshot" is {"data": FILE, "k", "seed", "separator"}. Unknown keys are
    /// refused, so a misspelt one cannot silently fall back to a default.
    /// </summary>
    public static TaskSpec Read(string path)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            using var doc = JsonDocument.Parse(TextFile.ReadAllText(path));
            var root = doc.RootElement;
            JsonUnicode.Check(path, root);
            if (root.ValueKind != JsonValueKind.Object) throw SharpPruneException.InFile(path, "not a JSON object");
            CheckKeys(path, "", root, Keys);
            string? data = OptionalString(path, root, "data");
            string? calibration = OptionalString(path, root, "calibration");
            var spec = new TaskSpec(
                OptionalString(path, root, "name") ?? Path.GetFileNameWithoutExtension(path),
                OptionalString(path, root, "context") ?? "",
                OptionalString(path, root, "question") ?? throw SharpPruneException.InFile(path, "no \"question\" template"),
                [],
                OptionalString(path, root, "label"),
                OptionalString(path, root, "id"),
                data is null ? null : Path.Combine(folder, data))
            {
                LabelMap = root.TryGetProperty("label_map", out var map) ? ReadLabelMap(path, map) : null,
                Shots = root.TryGetProperty("fewshot", out var shots) ? ReadShots(path, folder, shots) : null,
                CalibrationData = calibration is null ? null : Path.Combine(folder, calibration),
                Source = path,
            };
            if (!root.TryGetProperty("candidates", out var candidates))
                throw SharpPruneException.InFile(path, "no \"candidates\" (a list of templates, or {\"from\": field, \"format\": template})");
            if (candidates.ValueKind == JsonValueKind.Object)
            {
                CheckKeys(path, "candidates.", candidates, CandidateKeys);
                return spec with { CandidatesFrom = new CandidateField(
                    OptionalString(path, candidates, "from") ?? throw SharpPruneException.InFile(path, "\"candidates\" has no \"from\" field"),
                    OptionalString(path, candidates, "format") ?? CandidateField.DefaultFormat) };
            }
            if (candidates.ValueKind != JsonValueKind.Array || candidates.GetArrayLength() < 2
                || candidates.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
                throw SharpPruneException.InFile(path, "\"candidates\" must be a list of at least two template strings, or {\"from\": field, \"format\": template}");
            return spec with { Candidates = candidates.EnumerateArray().Select(c => c.GetString()!).ToList() };
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"invalid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>
    /// The task's examples from <paramref name="dataPath"/> (default: <see cref="Data"/>), with the few-shot examples
    /// <paramref name="fewShot"/> asks for (default: <see cref="Shots"/>'s) before every prompt.
    /// </summary>
    public ChoiceTask Load(string? dataPath = null, FewShotRequest? fewShot = null)
    {
        string path = dataPath ?? Data ?? throw new SharpPruneException($"task {Name}: no data file (\"data\" in the spec, or --data)");
        string spec = Source ?? $"task {Name}";
        var examples = JsonLines.Read(path).Select(r => Example(r.Row, $"{spec}: {path}: line {r.Line}", r.Line)).ToList();
        if (examples.Count == 0) throw SharpPruneException.InFile(path, "no examples");
        var task = new ChoiceTask(Name, examples) { DataPath = Path.GetFullPath(path) };
        int k = fewShot?.K ?? Shots?.K ?? 0;
        if (k == 0) return task;
        var shots = Shots ?? throw new SharpPruneException(
            $"{spec}: {k} few-shot examples asked for, but the spec names no split to draw them from (\"fewshot\": {{\"data\": FILE}})");
        var pool = (this with { Shots = null }).Load(shots.Data);
        return FewShot.Prepend(task, pool, k, fewShot?.Seed ?? shots.Seed, shots.Separator);
    }

    TaskExample Example(JsonElement row, string where, int line)
    {
        (IReadOnlyList<string> candidates, IReadOnlyList<string>? keys) = CandidatesFrom is null
            ? (Candidates.Select(c => TextTemplate.Render(c, row, where)).ToList(), null)
            : CandidatesFrom.Render(row, where);
        return new TaskExample(
            IdField is null ? line.ToString() : FieldPath.Text(row, IdField, where),
            TextTemplate.Render(Context, row, where),
            TextTemplate.Render(Question, row, where),
            candidates,
            LabelField is null ? null : GoldLabel.Of(FieldPath.Find(row, LabelField, where), candidates, keys, LabelMap, where));
    }

    static void CheckKeys(string path, string prefix, JsonElement json, string[] known)
    {
        foreach (var property in json.EnumerateObject())
            if (!known.Contains(property.Name))
                throw SharpPruneException.InFile(path, $"unknown key \"{prefix}{property.Name}\" (known: {string.Join(", ", known)})");
    }

    static string? OptionalString(string path, JsonElement json, string key) => json.TryGetProperty(key, out var v)
        ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw SharpPruneException.InFile(path, $"\"{key}\" must be a string")
        : null;

    static Dictionary<string, int> ReadLabelMap(string path, JsonElement map)
    {
        if (map.ValueKind != JsonValueKind.Object || !map.EnumerateObject().Any())
            throw SharpPruneException.InFile(path, "\"label_map\" must be an object of label → candidate index");
        var labels = new Dictionary<string, int>();
        foreach (var p in map.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int index) || index < 0)
                throw SharpPruneException.InFile(path, $"\"label_map\": \"{p.Name}\" must map to a candidate index (0, 1, …)");
            if (!labels.TryAdd(p.Name, index)) throw SharpPruneException.InFile(path, $"\"label_map\": \"{p.Name}\" is given twice");
        }
        return labels;
    }

    static FewShotSplit ReadShots(string path, string folder, JsonElement shots)
    {
        if (shots.ValueKind != JsonValueKind.Object)
            throw SharpPruneException.InFile(path, "\"fewshot\" must be an object: {\"data\": FILE, \"k\": K, \"seed\": S, \"separator\": TEXT}");
        CheckKeys(path, "fewshot.", shots, FewShotKeys);
        int Int(string key, int fallback, int min) => !shots.TryGetProperty(key, out var v) ? fallback
            : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n >= min ? n
            : throw SharpPruneException.InFile(path, $"\"fewshot.{key}\" must be an integer of at least {min}");
        string data = OptionalString(path, shots, "data") ?? throw SharpPruneException.InFile(path, "\"fewshot\" has no \"data\" file");
        return new FewShotSplit(Path.Combine(folder, data), Int("k", 0, 0), Int("seed", FewShot.DefaultSeed, int.MinValue),
            OptionalString(path, shots, "separator") ?? FewShot.DefaultSeparator);
    }
}
