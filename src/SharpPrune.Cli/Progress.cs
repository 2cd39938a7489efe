using Spectre.Console;

namespace SharpPrune.Cli;

/// <summary>
/// A progress bar with a rate on stderr for long work, shown only when stderr is a terminal and
/// the output is for a person (not --json), so pipes and logs stay clean.
/// </summary>
internal static class Progress
{
    public static T Run<T>(string label, string unit, long total, bool forPerson, Func<Action<long>, T> work)
    {
        if (!forPerson || Console.IsErrorRedirected) return work(_ => { });
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(unit), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: total);
                result = work(n => task.Increment(n));
            });
        return result;
    }
}
