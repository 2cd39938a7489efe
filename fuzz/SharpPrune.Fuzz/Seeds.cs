using System.Text;
using SharpPrune.Fuzz.Targets;

namespace SharpPrune.Fuzz;

/// <summary>Real files to mutate, per target: the shared stories260K model and data, and the reference fixtures.</summary>
public static class Seeds
{
    /// <summary>JSONL seeds are cut to their first lines: a mutation then costs milliseconds, not a 6 MB rewrite.</summary>
    const int JsonlSeedBytes = 16 * 1024;

    public static IReadOnlyList<byte[]> For(IFuzzTarget target)
    {
        var stories = Path.Combine(RepoRoot.Shared, "models", "stories260K");
        var reference = Path.Combine(RepoRoot.Path, "tests", "fixtures", "reference");
        List<byte[]> seeds = target.Name switch
        {
            "safetensors" => Directory.EnumerateFiles(reference, "*.safetensors", SearchOption.AllDirectories)
                .Append(Path.Combine(stories, "model.safetensors")).Select(File.ReadAllBytes).ToList(),
            "config" => Directory.EnumerateFiles(reference, "config.json", SearchOption.AllDirectories)
                .Append(Path.Combine(stories, "config.json")).Select(File.ReadAllBytes).ToList(),
            "tokenizer" =>
            [
                Bundle(stories, "tokenizer.json", "tokenizer_config.json", "generation_config.json", "config.json", "tokenizer.model"),
                Bundle(stories, "tokenizer_config.json", "generation_config.json", "tokenizer.model"),
                .. Directory.EnumerateDirectories(Path.Combine(reference, "tokenizers")).Select(dir => Bundle(dir, "tokenizer.json")),
            ],
            "index" => [Bundle(Path.Combine(reference, "models", "llama_tied_sharded"), "model.safetensors.index.json", "model-00001-of-00005.safetensors",
                "model-00002-of-00005.safetensors", "model-00003-of-00005.safetensors", "model-00004-of-00005.safetensors", "model-00005-of-00005.safetensors")],
            "jsonl" => Directory.EnumerateFiles(Path.Combine(RepoRoot.Shared, "data"), "*.jsonl", SearchOption.AllDirectories).Select(JsonlHead).ToList(),
            // MedQuAD's rows have the question and answer fields the domain target reads.
            "domain" => [JsonlHead(Path.Combine(RepoRoot.Shared, "data", "medical", "medquad.jsonl"))],
            "suite" => [SuiteBundle()],
            "gguf" => [GgufSeeds.EveryValueType(), GgufSeeds.Stories260K(stories)],
            _ => throw new ArgumentException($"no seeds for target '{target.Name}'"),
        };
        // Earlier crashes and the hand-made hostile inputs are seeds too: mutating near a known bug finds its relatives.
        var regressions = RepoRoot.Regressions(target.Name);
        if (Directory.Exists(regressions))
        {
            seeds.AddRange(Directory.EnumerateFiles(regressions).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
        }
        return seeds;
    }

    static byte[] Bundle(string folder, params string[] names) =>
        new FuzzBundle(names.Select(n => (n, File.ReadAllBytes(Path.Combine(folder, n)))).ToList()).Encode();

    /// <summary>A suite using every key, with the files it names: Brown's first lines, an id list, a task spec and its data.</summary>
    static byte[] SuiteBundle()
    {
        const string suite = """
            {"seq_len": 128, "stride": 128,
             "perplexity": [{"name": "general", "data": "docs.jsonl", "field": "text", "docs": "0:0.5", "max_docs": 4, "seq_len": 64, "stride": 32},
                            {"name": "picked", "data": "docs.jsonl", "docs": "not-ids:ids.json"}],
             "tasks": [{"name": "pubmedqa", "limit": 10}, {"name": "yn", "task": "task.json", "data": "task.jsonl", "limit": 2},
                       {"name": "mc", "task": "mc.json", "fewshot": 1, "fewshot_seed": 3}]}
            """;
        const string task = """{"name": "yn", "context": "{passage}\n", "question": "Q: {q}?\nA:", "candidates": [" no", " yes"], "label": "answer", "id": "idx"}""";
        const string rows = "{\"idx\": 1, \"passage\": \"Sky.\", \"q\": \"blue\", \"answer\": 1}\n{\"idx\": 2, \"passage\": \"Sea.\", \"q\": \"dry\", \"answer\": \"no\"}\n";
        // Every other spec key: nested and indexed paths, candidates from an object, a label map, a few-shot split.
        const string mc = """
            {"name": "mc", "data": "mc.jsonl", "context": "{doc.title[0]}\n", "question": "{q.text}\nAnswer:",
             "candidates": {"from": "options", "format": " {key}. {value}"}, "label": "gold", "label_map": {"a": 0, "b": 1, "true": 2},
             "fewshot": {"data": "mc-train.jsonl", "k": 1, "seed": 5, "separator": "\n\n"}}
            """;
        const string mcRows = "{\"doc\": {\"title\": [\"T\"]}, \"q\": {\"text\": \"Which?\"}, \"options\": {\"A\": \"x\", \"B\": \"y\", \"C\": \"z\"}, \"gold\": \"b\"}\n";
        const string mcTrain = "{\"doc\": {\"title\": [\"U\"]}, \"q\": {\"text\": \"What?\"}, \"options\": {\"A\": \"p\", \"B\": \"q\", \"C\": \"r\"}, \"gold\": true}\n";
        var docs = JsonlHead(Path.Combine(RepoRoot.Shared, "data", "general", "brown.jsonl"));
        return new FuzzBundle([("suite.json", Encoding.UTF8.GetBytes(suite)), ("docs.jsonl", docs), ("ids.json", Encoding.UTF8.GetBytes("[\"cf01\", \"ca02\"]")),
            ("task.json", Encoding.UTF8.GetBytes(task)), ("task.jsonl", Encoding.UTF8.GetBytes(rows)),
            ("mc.json", Encoding.UTF8.GetBytes(mc)), ("mc.jsonl", Encoding.UTF8.GetBytes(mcRows)), ("mc-train.jsonl", Encoding.UTF8.GetBytes(mcTrain))]).Encode();
    }

    static byte[] JsonlHead(string path)
    {
        var head = new StringBuilder();
        foreach (var line in File.ReadLines(path).TakeWhile(_ => head.Length < JsonlSeedBytes))
        {
            head.Append(line).Append('\n');
        }
        return Encoding.UTF8.GetBytes(head.ToString());
    }
}
