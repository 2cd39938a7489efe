using System.Text.Json;
using SharpPrune.Tasks;
using SharpPrune.Tests.Cli;

namespace SharpPrune.Tests.Tasks;

/// <summary>eval says so when its accuracy is what chance gives, and when most prompts were cut to fit the model.</summary>
public class ChanceNoteTests
{
    static string Stories => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    /// <summary>
    /// Ten examples whose two candidates are the same text, so every example is a tie that goes to candidate 0 and the
    /// accuracy is the share of gold 0: 3 of 10. Gold 1 is the majority (7 of 10); guessing scores ½. Six contexts are
    /// 600 words, longer than the model's 512 positions, so those six prompts are cut.
    /// </summary>
    static string WriteTask(string dir)
    {
        Directory.CreateDirectory(dir);
        var rows = Enumerable.Range(0, 10).Select(i => JsonSerializer.Serialize(new
        {
            text = i < 6 ? string.Join(' ', Enumerable.Repeat("the cat sat on the mat", 100)) : "the cat sat",
            word = "dog",
            answer = i < 3 ? 0 : 1,
        }));
        File.WriteAllLines(Path.Combine(dir, "tie.jsonl"), rows);
        string spec = Path.Combine(dir, "tie.json");
        File.WriteAllText(spec, """{"name": "tie", "data": "tie.jsonl", "context": "{text}\n", "question": "Animal:", "candidates": [" {word}", " {word}"], "label": "answer"}""");
        return spec;
    }

    [Fact]
    public void EvalNotesAccuracyAtChanceAndMostPromptsCut()
    {
        string spec = WriteTask(Path.Combine(Path.GetTempPath(), $"sharpprune-chance-{Guid.NewGuid():N}"));
        var r = CliProcess.Run("eval", "--model", Stories, "--task", spec);
        Assert.Equal(0, r.ExitCode);
        var notes = r.Stdout.Split('\n').Where(l => l.StartsWith("note: ", StringComparison.Ordinal)).ToList();
        // √(0.3 · 0.7 / 10) = 0.1449
        Assert.Equal(["note: accuracy 30.0 % ± 14.5 % is not above chance: guessing scores 50.0 %, always answering 'dog' 70.0 %",
            "note: 6 of 10 prompts (60 %) were cut from the left to fit the model's context; the scores are of shortened contexts"], notes);

        var json = CliProcess.Run("eval", "--model", Stories, "--task", spec, "--json");
        using var doc = JsonDocument.Parse(json.LastLine);
        Assert.Equal((0.3, 0.5, 0.7, 6), (doc.RootElement.GetProperty("accuracy").GetDouble(), doc.RootElement.GetProperty("chance").GetDouble(),
            doc.RootElement.GetProperty("majority").GetDouble(), doc.RootElement.GetProperty("cut").GetInt32()));
    }

    [Fact]
    public void ChanceLevelIsTheMeanUniformGuessAndTheMostCommonGold()
    {
        TaskExample Example(int candidates, int? gold) => new("x", "", "q", Enumerable.Range(0, candidates).Select(c => $" c{c}").ToList(), gold);
        // Three-way and five-way examples: uniform = (1/3 + 1/3 + 1/5 + 1/5) / 4; gold 2 in two of four; the unlabeled one counts nowhere.
        var chance = ChanceLevel.Of([Example(3, 2), Example(3, 2), Example(5, 0), Example(5, 4), Example(5, null)])!;
        Assert.Equal((1.0 / 3 + 1.0 / 3 + 0.2 + 0.2) / 4, chance.Uniform, 12);
        Assert.Equal(0.5, chance.Majority);
        Assert.Equal("c2", chance.MajorityAnswer);
        Assert.Null(ChanceLevel.Of([Example(3, null)]));
        // 62 % of 100 is above a 50 % level by more than its s.e. (4.85 %); 54 % is not.
        Assert.False(chance.Explains(0.62, 100));
        Assert.True(chance.Explains(0.54, 100));
    }
}
