using Spectre.Console;

namespace SharpPrune.Cli;

/// <summary>
/// Progress of long work on stderr, only when the output is for a person (not --json): a live bar with a rate when
/// stderr is a terminal, and otherwise (redirected to a file, CI, nohup) a <see cref="ProgressLog"/> line every few
/// seconds, so a run of many minutes shows in its log that it is alive and when it should end.
/// </summary>
internal static class Progress
{
    /// <summary>What work reports: units done, and optionally a new description (the stage, the current loss).</summary>
    public interface ISink
    {
        void Advance(long units);
        void Describe(string text);
    }

    public static T Run<T>(string label, string unit, long total, bool forPerson, Func<ISink, T> work)
    {
        if (!forPerson) return work(new Silent());
        if (Console.IsErrorRedirected)
        {
            using var log = new ProgressLog(label, unit, total, Console.Error, ProgressLog.Interval());
            var logged = work(log);
            log.Finish();
            return logged;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(unit), new RemainingTimeColumn())
            .Start(ctx => result = work(new Bar(ctx.AddTask(Markup.Escape(label), maxValue: total))));
        return result;
    }

    sealed class Silent : ISink
    {
        public void Advance(long units) { }
        public void Describe(string text) { }
    }

    sealed class Bar(ProgressTask task) : ISink
    {
        public void Advance(long units) => task.Increment(units);
        public void Describe(string text) => task.Description = Markup.Escape(text);
    }
}
