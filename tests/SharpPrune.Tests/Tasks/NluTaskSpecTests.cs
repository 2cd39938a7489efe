using System.Text.Json;
using SharpPrune.Tasks;

namespace SharpPrune.Tests.Tasks;

/// <summary>
/// The NLU task specs in tasks/nlu read every row of every split of ../shared/data/nlu, and each label lands on the
/// candidate a reader expects: counted per candidate against the label counts the data's builder recorded (stats.json).
/// </summary>
public class NluTaskSpecTests
{
    static string Data => Path.Combine(RepoPaths.Shared, "data", "nlu");

    /// <summary>Each task's label (as stats.json writes it) → the candidate that must be gold for it, written by hand.</summary>
    public static TheoryData<string, string, string> Labels => new()
    {
        { "sst2", "sst2", """{"0": " negative", "1": " positive"}""" },
        { "amazon_reviews", "amazon_reviews", """{"0": " negative", "1": " positive"}""" },
        { "mrpc", "mrpc", """{"0": " no", "1": " yes"}""" },
        { "rte", "rte", """{"entailment": " True", "not_entailment": " False"}""" },
        { "ag_news", "ag_news", """{"0": " World", "1": " Sports", "2": " Business", "3": " Science"}""" },
        { "trec", "trec", """{"0": " abbreviation", "1": " entity", "2": " description", "3": " person", "4": " location", "5": " number"}""" },
        { "cola", "cola", """{"0": " no", "1": " yes"}""" },
        { "boolq", "boolq", """{"false": " no", "true": " yes"}""" },
        { "cb", "cb", """{"entailment": " True", "contradiction": " False", "neutral": " Neither"}""" },
    };

    [Theory]
    [MemberData(nameof(Labels))]
    public void Every_label_of_every_split_maps_to_its_candidate(string spec, string folder, string labels)
    {
        var expected = JsonSerializer.Deserialize<Dictionary<string, string>>(labels)!;
        var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(Data, "stats.json"))).RootElement.GetProperty(folder);
        var task = TaskSpec.Read(Path.Combine(RepoPaths.Root, "tasks", "nlu", spec + ".json"));
        Assert.Equal(Path.GetFullPath(Path.Combine(Data, folder, "validation.jsonl")), Path.GetFullPath(task.Data!));
        foreach (var split in stats.EnumerateObject())
        {
            var examples = task.Load(Path.Combine(Data, folder, split.Name + ".jsonl")).Examples;

            Assert.Equal(split.Value.GetProperty("rows").GetInt32(), examples.Count);
            Assert.All(examples, e => Assert.NotNull(e.Gold));
            var counted = examples.GroupBy(e => e.Candidates[e.Gold!.Value]).ToDictionary(g => g.Key, g => g.Count());
            var recorded = split.Value.GetProperty("labels").EnumerateObject().ToDictionary(p => expected[p.Name], p => p.Value.GetInt32());
            Assert.Equal(recorded.OrderBy(p => p.Key), counted.OrderBy(p => p.Key));
        }
        // Calibration and training read the train split by default, evaluation the validation split.
        string calibration = stats.TryGetProperty("train", out _) ? "train" : "validation";
        Assert.Equal(stats.GetProperty(calibration).GetProperty("rows").GetInt32(), TaskCatalog.LoadChoice(Path.Combine(RepoPaths.Root, "tasks", "nlu", spec + ".json"), TaskSplit.Calibration).Examples.Count);
    }

    [Fact]
    public void Amazon_reviews_is_read_with_sst2s_prompt_and_label_words()
    {
        var sst2 = TaskSpec.Read(Path.Combine(RepoPaths.Root, "tasks", "nlu", "sst2.json"));
        var amazon = TaskSpec.Read(Path.Combine(RepoPaths.Root, "tasks", "nlu", "amazon_reviews.json"));

        Assert.Equal((sst2.Context, sst2.Question, sst2.LabelField), (amazon.Context, amazon.Question, amazon.LabelField));
        Assert.Equal(sst2.Candidates, amazon.Candidates);
    }
}
