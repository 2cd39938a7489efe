using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>Every model's measurements over a suite, the contents of results.json.</summary>
/// <param name="PerplexitySets">Column names in suite order.</param>
/// <param name="Tasks">Column names in suite order.</param>
/// <param name="Cells">Measurements in all (models × suite entries).</param>
/// <param name="Cached">How many of them were taken from the cache rather than measured.</param>
/// <param name="TaskFacts">What each task column is worth without a model, by name; null in results written before it was kept.</param>
/// <param name="Score">The convention whose accuracy and F1 the table shows (every model's tasks hold all three).</param>
/// <param name="FewShotIds">Per task column, the ids of the few-shot examples before every prompt (empty for zero-shot).</param>
public sealed record ComparisonResults(
    string Suite, IReadOnlyList<string> PerplexitySets, IReadOnlyList<string> Tasks, IReadOnlyList<ComparedModel> Models, int Cells, int Cached,
    IReadOnlyDictionary<string, ComparedTask>? TaskFacts = null,
    ScoreConvention Score = ScoreConvention.Acc,
    [property: JsonPropertyName("fewshot_ids")] IReadOnlyDictionary<string, IReadOnlyList<string>>? FewShotIds = null)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // Model and column names as written ("·", not "\u00B7"): the file is read by people; it is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // "acc_norm", as the option takes it.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    public static ComparisonResults FromJson(string json) =>
        JsonSerializer.Deserialize<ComparisonResults>(json, JsonOptions) ?? throw new SharpPruneException("results.json is empty");
}
