using System.Diagnostics;
using System.Globalization;

namespace SharpPrune.Cli;

/// <summary>
/// Progress for a log rather than a terminal: every <see cref="Interval"/> a line with the stage, units done of the
/// total, the rate, the time elapsed and an estimate of the time left, e.g.
/// <c>D-Pruner: stage 2 step 3/40 loss 2.345 · 3,072/40,960 tokens (7.5%) · 812 tokens/s · elapsed 1:02 · remaining ~0:46</c>.
/// A timer writes the lines, so a stage that reports no units for minutes (D-Pruner's general importance) still shows
/// its name and the time elapsed. When the work ends after at least one line, <see cref="Finish"/> writes a last one
/// with the totals.
/// </summary>
internal sealed class ProgressLog : Progress.ISink, IDisposable
{
    /// <summary>Seconds between lines; the environment variable overrides the default (a long job may want fewer lines).</summary>
    public const string IntervalVariable = "SHARPPRUNE_PROGRESS_SECONDS";
    const double DefaultSeconds = 10;

    readonly string label, unit;
    readonly long total;
    readonly TextWriter writer;
    readonly Stopwatch watch = Stopwatch.StartNew();
    readonly Timer timer;
    readonly Lock gate = new();
    string? description;
    long done, unitsAtFirst;
    TimeSpan? first, last;
    bool wrote;

    public ProgressLog(string label, string unit, long total, TextWriter writer, TimeSpan interval)
    {
        (this.label, this.unit, this.total, this.writer) = (label, unit, total, writer);
        timer = new Timer(_ => Write(), null, interval, interval);
    }

    public static TimeSpan Interval()
    {
        string? text = Environment.GetEnvironmentVariable(IntervalVariable);
        if (text is null) return TimeSpan.FromSeconds(DefaultSeconds);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0))
            throw new SharpPruneException($"{IntervalVariable}={text}: must be a positive number of seconds");
        return TimeSpan.FromSeconds(seconds);
    }

    public void Advance(long units)
    {
        lock (gate)
        {
            var now = watch.Elapsed;
            // The rate counts from the end of the first reported unit, so time spent before any unit (loading, a stage
            // without units) does not make it look slower, and the first unit's own duration is not counted twice.
            if (first is null) (first, unitsAtFirst) = (now, units);
            last = now;
            done += units;
        }
    }

    public void Describe(string text)
    {
        lock (gate) description = text;
    }

    void Write(bool finished = false)
    {
        string line;
        lock (gate)
        {
            double? rate = last > first ? (done - unitsAtFirst) / (last.Value - first.Value).TotalSeconds : null;
            line = Line(label, description, done, total, unit, watch.Elapsed, rate, finished);
            wrote = true;
        }
        writer.WriteLine(line);
    }

    /// <summary>The work has ended well: no more periodic lines, and a closing one where the log has lines.</summary>
    public void Finish()
    {
        Stop();
        if (wrote) Write(finished: true);
    }

    public void Dispose() => Stop();

    void Stop()
    {
        // Waits for a line being written, so none comes after the closing one.
        using var stopped = new ManualResetEvent(false);
        if (timer.Dispose(stopped)) stopped.WaitOne();
    }

    /// <summary>One line of the log; <paramref name="rate"/> is units per second, null before it can be measured.</summary>
    public static string Line(string label, string? description, long done, long total, string unit, TimeSpan elapsed, double? rate, bool finished = false)
    {
        var parts = new List<string> { description is null ? label : $"{label}: {description}" };
        string count = string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{total:N0} {unit}");
        parts.Add(total > 0 ? count + string.Create(CultureInfo.InvariantCulture, $" ({100.0 * done / total:F1}%)") : count);
        // Layers or steps can take minutes each: a rate below 10 keeps two significant digits (0.0033 layers/s).
        parts.Add(rate is double r ? $"{r.ToString(r >= 10 ? "N0" : r >= 0.1 ? "F2" : "G2", CultureInfo.InvariantCulture)} {unit}/s" : $"- {unit}/s");
        parts.Add($"elapsed {Duration(elapsed)}");
        // Totals are estimates for some work (perplexity counts each document's unscored first token): the end is "done".
        // All units counted but the work not returned yet (saving the model) is "finishing".
        if (finished) parts.Add("done");
        else if (done >= total) parts.Add("finishing");
        else if (rate is > 0) parts.Add($"remaining ~{Duration(TimeSpan.FromSeconds((total - done) / rate.Value))}");
        else parts.Add("remaining unknown");
        return string.Join(" · ", parts);
    }

    static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}" : $"{t.Minutes}:{t.Seconds:D2}";
}
