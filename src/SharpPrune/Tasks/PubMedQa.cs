using System.Text.Json;
using SharpPrune.Data;

namespace SharpPrune.Tasks;

/// <summary>
/// PubMedQA-L: answer yes, no or maybe to a research question from its abstract. The prompt is lm-evaluation-harness's:
/// "Abstract: {CONTEXTS joined by spaces}\n" (the context, cut from the left when too long) then
/// "Question: {QUESTION}\nAnswer:", with candidates " yes", " no", " maybe".
/// </summary>
public static class PubMedQa
{
    public const string DataFile = "data/medical/pubmedqa_ori_pqal.json";

    /// <summary>Lies beside the data file: the ids of the official 500-question test split.</summary>
    public const string TestIdsFile = "pubmedqa_test_ground_truth.json";

    public static readonly IReadOnlyList<string> Answers = ["yes", "no", "maybe"];

    /// <summary>The test 500, or for calibration the other 500, in file order.</summary>
    public static ChoiceTask Load(TaskSplit split, string? dataPath = null)
    {
        string path = dataPath ?? SharedData.Find(DataFile);
        var testIds = TestIds(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, TestIdsFile));
        using var doc = Parse(path);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw SharpPruneException.InFile(path, "not a JSON object of id → question");
        var examples = doc.RootElement.EnumerateObject()
            .Where(p => testIds.Contains(p.Name) == (split == TaskSplit.Test))
            .Select(p => Example(p.Name, p.Value, path))
            .ToList();
        return new ChoiceTask(TaskCatalog.PubMedQaName, examples) { DataPath = Path.GetFullPath(path) };
    }

    static TaskExample Example(string id, JsonElement entry, string path)
    {
        string where = $"{path}: {id}";
        if (!entry.TryGetProperty("CONTEXTS", out var contexts) || contexts.ValueKind != JsonValueKind.Array)
            throw new SharpPruneException($"{where}: no CONTEXTS list");
        string decision = JsonLines.Text(entry, "final_decision", where);
        int gold = Answers.ToList().IndexOf(decision);
        if (gold < 0) throw new SharpPruneException($"{where}: final_decision \"{decision}\" is not yes, no or maybe");
        return new TaskExample(id,
            "Abstract: " + string.Join(" ", contexts.EnumerateArray().Select(c => c.GetString())) + "\n",
            "Question: " + JsonLines.Text(entry, "QUESTION", where) + "\nAnswer:",
            Answers.Select(a => " " + a).ToList(),
            gold);
    }

    static HashSet<string> TestIds(string path)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found (the test split's ids, beside the data file)");
        using var doc = Parse(path);
        return doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
    }

    static JsonDocument Parse(string path)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "file not found");
        try
        {
            return JsonDocument.Parse(TextFile.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"invalid JSON ({e.Message.Split('\n')[0]})");
        }
    }
}
