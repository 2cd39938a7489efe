using SharpPrune.Data;
using SharpPrune.Pruning;

namespace SharpPrune.Tests.Cli;

/// <summary>What a newcomer's mistakes with `prune` are told: the option named, what it lacks, and what would fix it.</summary>
public sealed class PruneMessageTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-messages-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    string Write(string name, string text)
    {
        string path = Path.Combine(temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void UnknownMethodListsEveryRegisteredMethodAndTheClosest()
    {
        var e = Assert.Throws<SharpPruneException>(() => PruningMethods.Find("magnitde"));
        Assert.Equal("unknown --method 'magnitde' (did you mean magnitude?); available: magnitude, wanda, sparsegpt, dpruner, attribution, " +
            "attribution-random, attribution-activation, reconstruct", e.Message);
        Assert.Equal(8, PruningMethods.Names.Length);
        Assert.DoesNotContain("did you mean", Assert.Throws<SharpPruneException>(() => PruningMethods.Find("obs")).Message);
    }

    [Fact]
    public void FilterErrorsNameTheirOption() =>
        Assert.Equal("--calib-docs: must be FROM:TO (0 ≤ FROM < TO ≤ 1, e.g. 0:0.8), ids:FILE or not-ids:FILE, not '0.8:0.2'",
            Assert.Throws<SharpPruneException>(() => DocumentFilter.Parse("0.8:0.2", "--calib-docs")).Message);

    [Fact]
    public void MissingTextFieldNamesTheFieldsThereAndSuggestsField()
    {
        string path = Write("rows.jsonl", "{\"id\": 1, \"body\": \"a story\"}\n");
        var e = Assert.Throws<SharpPruneException>(() => DocumentSource.ReadDocuments(path));
        Assert.StartsWith($"{path}: line 1: no field \"text\" (it has \"id\", \"body\"; name the text field with --field", e.Message);
    }

    [Fact]
    public void EmptyJsonLinesAndEmptyTextGiveTheSameMessage()
    {
        string jsonl = Write("empty.jsonl", ""), text = Write("empty.txt", "\n  \n");
        Assert.Equal($"{jsonl}: is empty: no documents", Assert.Throws<SharpPruneException>(() => DocumentSource.ReadDocuments(jsonl)).Message);
        Assert.Equal($"{text}: is empty: no documents", Assert.Throws<SharpPruneException>(() => DocumentSource.ReadDocuments(text)).Message);
    }

    [Theory]
    [InlineData("wanda", "", "error: --method wanda needs --sparsity (the fraction of weights set to zero, e.g. --sparsity 0.5)")]
    [InlineData("attribution", "--sparsity 0.5 --ratio 0.2 --task pubmedqa",
        "error: --method attribution removes whole FFN neurons: give the fraction removed with --ratio, not --sparsity")]
    [InlineData("magnitde", "--sparsity 0.5", "error: unknown --method 'magnitde' (did you mean magnitude?); available: magnitude, wanda, sparsegpt, dpruner, attribution, attribution-random, attribution-activation, reconstruct")]
    public void CliSaysWhatIsMissingOrMisplaced(string method, string extra, string expected)
    {
        var r = CliProcess.Run(["prune", "--model", TinyModels.StoriesDir, "--method", method, "--calib", TinyModels.Brown, "--out", Path.Combine(temp, "out"),
            .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(expected, r.Stderr.TrimEnd());
    }

    [Fact]
    public void PruneHelpGroupsTheOptionsByMethodAndNamesTheMethodOfEach()
    {
        var r = CliProcess.Run("prune", "--help");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        int Heading(string start) => Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal));
        int every = Heading("Every method:"), walker = Heading("magnitude, wanda, sparsegpt"), dpruner = Heading("dpruner ("), attribution = Heading("attribution, "),
            reconstruct = Heading("reconstruct (");
        Assert.True(every > 0 && every < walker && walker < dpruner && dpruner < attribution && attribution < reconstruct, r.Stdout);
        // Each option (a line "  --name", its description on it or, after a long name, on the next) under a family's heading
        // carries that family's prefix.
        var options = (int from, int to) => Enumerable.Range(from, to - from).Where(i => lines[i].StartsWith("  --", StringComparison.Ordinal))
            .Select(i => lines[i] + lines[i + 1]).ToList();
        Assert.Equal(24, options(dpruner, attribution).Count);
        Assert.All(options(dpruner, attribution), l => Assert.Contains("dpruner: ", l));
        Assert.Equal(12, options(attribution, reconstruct).Count);
        Assert.All(options(attribution, reconstruct), l => Assert.Contains("attribution: ", l));
        Assert.All(options(reconstruct, lines.Length - 1), l => Assert.Contains("reconstruct: ", l));
        string words = string.Join(' ', r.Stdout.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));   // descriptions wrap
        Assert.Contains("--calib <calib> calibration text: JSON lines (.jsonl, or a .txt whose first line is a JSON object), a .json object of records keyed by id", words);
        Assert.Contains("  --overwrite                ", r.Stdout);   // a switch shows no value and no default
        Assert.DoesNotContain("[default: False]", r.Stdout);
    }
}
