using SharpPrune.Fuzz.Targets;

namespace SharpPrune.Tests.Fuzz;

/// <summary>
/// Replays every input under tests/fixtures/fuzz-regressions/TARGET/ (inputs that once crashed, hung or
/// over-allocated, and hand-made hostile files) through the fuzz target of that name: each must give a
/// result or a SharpPruneException, in time and without allocating far beyond its size.
/// </summary>
public sealed class FuzzRegressionTests
{
    static string Folder(string target) => Path.Combine(RepoPaths.Fixtures, "fuzz-regressions", target);

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All)
        {
            foreach (var file in Directory.EnumerateFiles(Folder(target.Name)).Order(StringComparer.Ordinal))
            {
                data.Add(target.Name, Path.GetFileName(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void InputGivesAResultOrAOneLineError(string target, string file)
    {
        var folder = Directory.CreateTempSubdirectory("sharpprune-fuzz-regression-");
        try
        {
            var outcome = FuzzExecutor.Execute(FuzzTargets.ByName(target), File.ReadAllBytes(Path.Combine(Folder(target), file)), folder.FullName);
            Assert.False(outcome.IsBug, $"{target}/{file}: {outcome.Describe()}\n{outcome.Error}");
            if (outcome.Error is not null)
            {
                Assert.DoesNotContain('\n', outcome.Error.Message);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void EveryTargetHasHandMadeHostileInputs()
    {
        foreach (var target in FuzzTargets.All)
        {
            Assert.True(Directory.EnumerateFiles(Folder(target.Name), "hostile-*").Count() >= 3, $"{target.Name} needs at least three hostile-* inputs");
        }
    }
}
