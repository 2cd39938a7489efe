using SharpPrune.Comparison;
using SharpPrune.Data;
using SharpPrune.Evaluation;
using SharpPrune.Tasks;
using SharpPrune.Tests.IO;

namespace SharpPrune.Tests.Comparison;

/// <summary>Suite files as users write them: relative paths, defaults, and one clear line for every mistake.</summary>
public sealed class SuiteReaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public SuiteReaderTests()
    {
        File.WriteAllText(temp.File("docs.jsonl"), "{\"id\":\"a\",\"body\":\"One.\"}\n{\"id\":\"b\",\"body\":\"Two.\"}\n");
        File.WriteAllText(temp.File("ids.json"), "[\"a\"]");
        File.WriteAllText(temp.File("yesno.json"), "{\"question\":\"{q}\",\"candidates\":[\" no\",\" yes\"],\"label\":\"a\"}");
    }

    public void Dispose() => temp.Dispose();

    string Write(string json)
    {
        string path = temp.File("suite.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void ReadsEntriesWithPathsRelativeToTheSuiteAndDefaults()
    {
        var suite = ComparisonSuite.Read(Write("""
            {"seq_len": 128,
             "perplexity": [{"name": "mine", "data": "docs.jsonl", "field": "body", "docs": "ids:ids.json", "max_docs": 5, "stride": 64},
                            {"name": "plain", "data": "docs.jsonl", "docs": "0.5:1", "seq_len": 32}],
             "tasks": [{"name": "pubmedqa", "limit": 10}, {"name": "yn", "task": "yesno.json"}]}
            """));
        Assert.Equal(temp.File("suite.json"), suite.Path);
        Assert.Equal(4, suite.CellCount);
        Assert.Equal(new PerplexitySpec(temp.File("docs.jsonl"), "body", new DocumentFilter(0, 1, temp.File("ids.json")), 5, 128, 64), suite.Perplexity[0].Spec);
        Assert.Equal(new PerplexitySpec(temp.File("docs.jsonl"), "text", new DocumentFilter(0.5, 1), null, 32, null), suite.Perplexity[1].Spec);
        Assert.Equal(new SuiteTask("pubmedqa", "pubmedqa", null, 10), suite.Tasks[0]);
        Assert.Equal(new SuiteTask("yn", temp.File("yesno.json"), null, null), suite.Tasks[1]);
        var shots = ComparisonSuite.Read(Write("""{"tasks": [{"name": "p", "task": "pubmedqa", "fewshot": 3, "fewshot_seed": 9}, {"name": "z", "task": "pubmedqa", "fewshot": 0}]}"""));
        Assert.Equal(new SuiteTask("p", "pubmedqa", null, null, new FewShotRequest(3, 9)), shots.Tasks[0]);
        Assert.Equal(new FewShotRequest(0, null), shots.Tasks[1].FewShot);
        Assert.Equal(["a"], suite.Perplexity[0].Spec.ReadDocuments().Select(d => d.Id));
    }

    [Theory]
    [InlineData("{\"tasks\": [", "invalid JSON")]
    [InlineData("[1, 2]", "a suite is a JSON object")]
    [InlineData("{}", "nothing to compare")]
    [InlineData("{\"perplexity\": [{\"name\": \"g\", \"data\": \"docs.jsonl\", \"max_doc\": 3}]}", "perplexity[0]: unknown key \"max_doc\"")]
    [InlineData("{\"perplexity\": [{\"name\": \"g\", \"data\": \"missing.jsonl\"}]}", "perplexity[0]: data file")]
    [InlineData("{\"perplexity\": [{\"name\": \"g\"}]}", "perplexity[0]: no \"data\" file")]
    [InlineData("{\"perplexity\": [{\"name\": \"g\", \"data\": \"docs.jsonl\", \"docs\": \"0.9:0.1\"}]}", "perplexity[0]: \"docs\": must be FROM:TO")]
    [InlineData("{\"perplexity\": [{\"name\": \"g\", \"data\": \"docs.jsonl\", \"docs\": \"ids:nope.json\"}]}", "perplexity[0]: \"docs\": id list")]
    [InlineData("{\"perplexity\": [{\"name\": \"g\", \"data\": \"docs.jsonl\", \"seq_len\": 16, \"stride\": 32}]}", "\"stride\" must not exceed \"seq_len\"")]
    [InlineData("{\"tasks\": [{\"name\": \"nosuchtask\"}]}", "tasks[0]: unknown task \"nosuchtask\"")]
    [InlineData("{\"tasks\": [{\"name\": \"billsum\"}]}", "tasks[0]: billsum is scored by generation")]
    [InlineData("{\"tasks\": [{\"name\": \"pubmedqa\", \"limit\": 0}]}", "tasks[0]: \"limit\" must be a positive integer")]
    [InlineData("{\"tasks\": [{\"name\": \"pubmedqa\"}, {\"name\": \"pubmedqa\"}]}", "the name \"pubmedqa\" is used twice")]
    [InlineData("{\"tasks\": [{\"name\": \"pubmedqa\", \"fewshot\": -1}]}", "tasks[0]: \"fewshot\" must be an integer of at least 0")]
    [InlineData("{\"tasks\": [{\"name\": \"pubmedqa\", \"fewshot_seed\": \"1\"}]}", "tasks[0]: \"fewshot_seed\" must be an integer")]
    [InlineData("{\"tasks\": {\"name\": \"pubmedqa\"}}", "\"tasks\" must be a list")]
    [InlineData("{\"perplexity\": [{\"name\": \"g\", \"data\": \"a\\u0000b\"}]}", "\"data\" is not a path")]
    public void BadSuitesAreOneLineNamingTheFileAndTheProblem(string json, string expected)
    {
        string path = Write(json);
        var e = Assert.Throws<SharpPruneException>(() => ComparisonSuite.Read(path));
        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AMissingSuiteFileIsNamed()
    {
        var e = Assert.Throws<SharpPruneException>(() => ComparisonSuite.Read(temp.File("none.json")));
        Assert.Equal($"{temp.File("none.json")}: suite file not found", e.Message);
    }
}
