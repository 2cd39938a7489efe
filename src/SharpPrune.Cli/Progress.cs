using Spectre.Console;

namespace SharpPrune.Cli;

/// <summary>
/// A progress bar with a rate on stderr for long work, shown only when stderr is a terminal and
/// the output is for a person (not --json), so pipes and logs stay clean.
/// </summary>
internal static class Progress
{
    /// <summary>What work reports: units done, and optionally a new description (e.g. the current loss).</summary>
    public interface ISink
    {
        void Advance(long units);
        void Describe(string text);
    }

    public static T Run<T>(string label, string unit, long total, bool forPerson, Func<ISink, T> work)
    {
        if (!forPerson || Console.IsErrorRedirected) return work(new Silent());
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
