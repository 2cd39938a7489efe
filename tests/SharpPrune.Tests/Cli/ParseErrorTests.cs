using SharpPrune.Cli;

namespace SharpPrune.Tests.Cli;

/// <summary>A command line that does not parse is a user error like any other: one line on stderr, exit code 2, no help text.</summary>
public class ParseErrorTests
{
    [Theory]
    [InlineData("info --modle m", "error: sharpprune info: unknown option '--modle' (did you mean --model?)")]
    [InlineData("prune --model m --sparsity abc", "error: --sparsity: 'abc' is not a number")]
    [InlineData("ppl --model m --data d --max-docs 1.5", "error: --max-docs: '1.5' is not a whole number")]
    [InlineData("info", "error: --model is required (sharpprune info --help lists the options)")]
    [InlineData("eval --model m --task pubmedqa --limit", "error: --limit needs a value (sharpprune eval --help lists the options)")]
    [InlineData("generate --model m --device gpu", "error: --device: Argument 'gpu' not recognized. Must be one of: 'cpu' 'cuda'")]
    [InlineData("infoo --model m", "error: sharpprune: unexpected argument 'infoo' (did you mean info?)")]
    [InlineData("info --model m extra", "error: sharpprune info: unexpected argument 'extra' (sharpprune info --help lists the options)")]
    [InlineData("", "error: name a command: info, generate, ppl, eval, prune, train, fit-tokenizer, compare, export (sharpprune --help describes them)")]
    public void ParseErrorIsOneLineOnStderrWithExitCode2(string line, string expected)
    {
        var r = CliProcess.Run(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(expected, r.Stderr.TrimEnd());
        Assert.Empty(r.Stdout);
        Assert.DoesNotContain("System.", r.Stderr);
    }

    [Fact]
    public void HelpStillPrintsTheOptionsWithExitCode0()
    {
        var r = CliProcess.Run("info", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--model", r.Stdout);
        Assert.Empty(r.Stderr);
    }

    [Theory]
    [InlineData("--modle", "--model", 2)]
    [InlineData("--sparsty", "--sparsity", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void EditDistanceCountsInsertionsDeletionsAndSubstitutions(string a, string b, int expected)
    {
        Assert.Equal(expected, ClosestName.EditDistance(a, b));
        Assert.Equal(expected, ClosestName.EditDistance(b, a));
    }
}
