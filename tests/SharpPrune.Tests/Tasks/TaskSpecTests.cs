using SharpPrune.Tasks;
using SharpPrune.Tests.Text;

namespace SharpPrune.Tests.Tasks;

/// <summary>Task specs over data in the shapes it ships in: nested and indexed fields, candidates from the data, label maps.</summary>
public class TaskSpecTests
{
    static string MedQaStyle => Path.Combine(RepoPaths.Fixtures, "tasks", "medqa-style");

    [Fact]
    public void NestedAndIndexedFieldsFillContextQuestionAndCandidates()
    {
        using var folder = new TempFolder();
        folder.Write("rows.jsonl", """
            {"doc": {"title": "Rain", "paragraphs": ["It rains.", "Wet."]}, "q": {"text": "Is it wet?"}, "opts": [{"t": "yes"}, {"t": "no"}], "gold": 1}
            """);
        string spec = folder.Write("task.json", """
            {"data": "rows.jsonl", "context": "{doc.title}: {doc.paragraphs[1]}\n", "question": "Q: {q.text}",
             "candidates": [" {opts[0].t}", " {opts[1].t}"], "label": "gold"}
            """);
        var example = Assert.Single(TaskCatalog.LoadChoice(spec, TaskSplit.Test).Examples);
        Assert.Equal("Rain: Wet.\nQ: Is it wet?", example.Prompt);
        Assert.Equal([" yes", " no"], example.Candidates);
        Assert.Equal(1, example.Gold);
    }

    [Fact]
    public void AKeyThatHoldsADotIsReadAsItIs()
    {
        using var folder = new TempFolder();
        string data = folder.Write("rows.jsonl", """{"a.b": "whole", "a": {"b": "nested"}}""");
        var spec = new TaskSpec("t", "", "{a.b}", [" x", " y"], null, null, null);
        Assert.Equal("whole", spec.Load(data).Examples[0].Question);
    }

    [Theory]
    [InlineData("{options.E}", 2, "no field \"options.E\" (options has no key \"E\")")]
    [InlineData("{choices[2]}", 2, "no field \"choices[2]\" (choices has 2 items)")]
    [InlineData("{choices.x}", 1, "no field \"choices.x\" (choices is not an object)")]
    [InlineData("{options[0]}", 1, "no field \"options[0]\" (options is not a list)")]
    [InlineData("{nothing}", 1, "no field \"nothing\"")]
    public void AMissingPathIsAnErrorNamingTheSpecTheRowAndThePath(string question, int line, string problem)
    {
        using var folder = new TempFolder();
        folder.Write("rows.jsonl", """
            {"options": {"A": "a", "E": "e"}, "choices": ["x", "y", "z"]}
            {"options": {"A": "a"}, "choices": ["x", "y"]}
            """);
        string spec = folder.Write("task.json", $$"""{"data": "rows.jsonl", "question": "{{question}}", "candidates": [" a", " b"]}""");
        var e = Assert.Throws<SharpPruneException>(() => TaskCatalog.LoadChoice(spec, TaskSplit.Test));
        Assert.StartsWith($"{spec}: {Path.Combine(folder.Path, "rows.jsonl")}: line {line}: ", e.Message);
        Assert.EndsWith(problem, e.Message);
    }

    [Fact]
    public void ListCandidatesMayDifferInCountPerRowAndLettersMapThroughLabelMap()
    {
        // ARC's shape: choices {"text": [...], "label": [...]} and a letter answerKey; rows with 3, 4 and 5 choices.
        using var folder = new TempFolder();
        folder.Write("arc.jsonl", """
            {"id": "q1", "question": "Which is a gas?", "choices": {"text": ["ice", "steam", "rock"], "label": ["A", "B", "C"]}, "answerKey": "B"}
            {"id": "q2", "question": "Which is hot?", "choices": {"text": ["sun", "snow", "ice", "rain"], "label": ["A", "B", "C", "D"]}, "answerKey": "A"}
            {"id": "q3", "question": "Which flies?", "choices": {"text": ["cat", "dog", "cow", "fish", "bird"], "label": ["A", "B", "C", "D", "E"]}, "answerKey": "E"}
            """);
        string spec = folder.Write("arc.json", """
            {"data": "arc.jsonl", "question": "Question: {question}\nAnswer:", "candidates": {"from": "choices.text"},
             "label": "answerKey", "label_map": {"A": 0, "B": 1, "C": 2, "D": 3, "E": 4}, "id": "id"}
            """);
        var task = TaskCatalog.LoadChoice(spec, TaskSplit.Test);
        Assert.Equal([3, 4, 5], task.Examples.Select(e => e.Candidates.Count));
        Assert.Equal([" ice", " steam", " rock"], task.Examples[0].Candidates);
        Assert.Equal([1, 0, 4], task.Examples.Select(e => e.Gold!.Value));
        Assert.Equal(["q1", "q2", "q3"], task.Examples.Select(e => e.Id));
    }

    [Fact]
    public void ListItemsAreNumberedByKeyAndIntegerLabelsIndexThem()
    {
        // HellaSwag's shape: a list of endings and an integer (as a string) label.
        using var folder = new TempFolder();
        string data = folder.Write("hs.jsonl", """
            {"ctx": "He picks up the ball and", "endings": ["throws it.", "eats it.", "sings."], "label": "2"}
            {"ctx": "She opens the door and", "endings": ["walks in.", "flies."], "label": 0}
            """);
        var spec = new TaskSpec("hs", "", "{ctx}", [], "label", null, null) { CandidatesFrom = new CandidateField("endings", " ({key}) {value} [{ctx}]") };
        var task = spec.Load(data);
        Assert.Equal([" (0) throws it. [He picks up the ball and]", " (1) eats it. [He picks up the ball and]", " (2) sings. [He picks up the ball and]"], task.Examples[0].Candidates);
        Assert.Equal([2, 0], task.Examples.Select(e => e.Gold!.Value));
    }

    [Fact]
    public void ObjectCandidatesTakeTheirKeysAsLabels()
    {
        var task = TaskCatalog.LoadChoice(Path.Combine(MedQaStyle, "medqa.json"), TaskSplit.Test);
        Assert.Equal("medqa-style", task.Name);
        Assert.Equal([4, 5, 3, 4], task.Examples.Select(e => e.Candidates.Count));
        Assert.Equal([" Vitamin A", " Vitamin C", " Vitamin D", " Vitamin K", " Vitamin B12"], task.Examples[1].Candidates);
        Assert.Equal([0, 1, 2, 3], task.Examples.Select(e => e.Gold!.Value));
        Assert.Equal("Question: Which organ makes insulin?\nAnswer:", task.Examples[3].Prompt);
        // The gold candidate is the row's own answer text, so the letters were mapped right.
        var answers = File.ReadLines(Path.Combine(MedQaStyle, "test.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("answer").GetString());
        Assert.Equal(answers.Select(a => " " + a), task.Examples.Select(e => e.Candidates[e.Gold!.Value]));
    }

    [Fact]
    public void LettersCanBeScoredThemselvesWithTheOptionsInThePrompt()
    {
        var spec = new TaskSpec("letters", "", "{question}\nA. {options.A}\nB. {options.B}\nAnswer:", [], "answer_idx", null, null)
        {
            CandidatesFrom = new CandidateField("options", " {key}"),
        };
        var example = spec.Load(Path.Combine(MedQaStyle, "test.jsonl")).Examples[1];
        Assert.Equal([" A", " B", " C", " D", " E"], example.Candidates);
        Assert.Equal(1, example.Gold);
        Assert.EndsWith("\nA. Vitamin A\nB. Vitamin C\nAnswer:", example.Prompt);
    }

    [Fact]
    public void BooleansAndTrueFalseStringsMapThroughLabelMap()
    {
        using var folder = new TempFolder();
        string data = folder.Write("rows.jsonl", """
            {"q": "a", "label": true}
            {"q": "b", "label": false}
            {"q": "c", "label": "true"}
            {"q": "d", "label": "false"}
            """);
        var spec = new TaskSpec("yn", "", "{q}", [" no", " yes"], "label", null, null) { LabelMap = new Dictionary<string, int> { ["false"] = 0, ["true"] = 1 } };
        Assert.Equal([1, 0, 1, 0], spec.Load(data).Examples.Select(e => e.Gold!.Value));
        // Without a map a boolean names no candidate: an error, not a guess.
        var e = Assert.Throws<SharpPruneException>(() => (spec with { LabelMap = null }).Load(data));
        Assert.EndsWith("line 1: label \"true\" is neither a candidate index below 2 nor a candidate's text (\"label_map\" maps labels to candidates)", e.Message);
    }

    [Theory]
    [InlineData("""{"q": "x", "label": "maybe"}""", "line 1: label \"maybe\" is not in \"label_map\" (keys: false, true, other)")]
    [InlineData("""{"q": "x", "label": "other"}""", "line 1: label \"other\" maps to candidate 2, but the row has 2 candidates")]
    [InlineData("""{"q": "x", "label": ["true"]}""", "line 1: the label is not a string, number or boolean")]
    public void ALabelThatMapsToNoCandidateIsAnError(string row, string problem)
    {
        using var folder = new TempFolder();
        string data = folder.Write("rows.jsonl", row);
        var spec = new TaskSpec("yn", "", "{q}", [" no", " yes"], "label", null, null)
        {
            LabelMap = new Dictionary<string, int> { ["false"] = 0, ["true"] = 1, ["other"] = 2 },
        };
        Assert.EndsWith(problem, Assert.Throws<SharpPruneException>(() => spec.Load(data)).Message);
    }

    [Fact]
    public void ALetterAgainstListCandidatesWithoutAMapIsAnErrorThatPointsToLabelMap()
    {
        using var folder = new TempFolder();
        string data = folder.Write("rows.jsonl", """{"q": "x", "choices": ["a", "b", "c", "d"], "answer": "B"}""");
        var spec = new TaskSpec("t", "", "{q}", [], "answer", null, null) { CandidatesFrom = new CandidateField("choices") };
        var e = Assert.Throws<SharpPruneException>(() => spec.Load(data));
        Assert.Contains("label \"B\" is neither a candidate index below 4", e.Message);
        Assert.Contains("label_map", e.Message);
    }

    [Theory]
    [InlineData("""{"question": "q", "candidates": [" a", " b"], "labels": "x"}""", "unknown key \"labels\"")]
    [InlineData("""{"question": "q", "candidates": {"form": "options"}}""", "unknown key \"candidates.form\"")]
    [InlineData("""{"question": "q", "candidates": {"format": " {value}"}}""", "\"candidates\" has no \"from\" field")]
    [InlineData("""{"question": "q", "candidates": [" a"]}""", "\"candidates\" must be a list of at least two template strings")]
    [InlineData("""{"question": "q", "candidates": [" a", " b"], "label_map": {"A": "0"}}""", "\"label_map\": \"A\" must map to a candidate index")]
    [InlineData("""{"question": "q", "candidates": [" a", " b"], "label_map": {"A": 0, "A": 1}}""", "\"label_map\": \"A\" is given twice")]
    [InlineData("""{"question": "q", "candidates": [" a", " b"], "fewshot": {"k": 2}}""", "\"fewshot\" has no \"data\" file")]
    [InlineData("""{"question": "q", "candidates": [" a", " b"], "fewshot": {"data": "t.jsonl", "k": -1}}""", "\"fewshot.k\" must be an integer of at least 0")]
    public void SpecMistakesAreOneLineNamingTheFile(string json, string problem)
    {
        using var folder = new TempFolder();
        string spec = folder.Write("task.json", json);
        var e = Assert.Throws<SharpPruneException>(() => TaskSpec.Read(spec));
        Assert.StartsWith(spec + ": ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void AnEmptyOrScalarCandidatesFieldIsAnError()
    {
        using var folder = new TempFolder();
        string data = folder.Write("rows.jsonl", """
            {"q": "x", "choices": ["a"]}
            {"q": "y", "choices": []}
            """);
        var spec = new TaskSpec("t", "", "{q}", [], null, null, null) { CandidatesFrom = new CandidateField("choices") };
        Assert.EndsWith("line 2: candidates field \"choices\" is empty", Assert.Throws<SharpPruneException>(() => spec.Load(data)).Message);
        var scalar = spec with { CandidatesFrom = new CandidateField("q") };
        Assert.EndsWith("line 1: candidates field \"q\" is not a list or an object", Assert.Throws<SharpPruneException>(() => scalar.Load(data)).Message);
    }
}
