using System.Diagnostics;
using SharpPrune.Cli;

namespace SharpPrune.Tests.Cli;

/// <summary>Runs the real <c>sharpprune</c> executable (built beside the tests) as a user would.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string LastLine => Stdout.TrimEnd().Split('\n')[^1];
    }

    /// <summary>A started run whose output is collected in the background, so it can be waited for or killed.</summary>
    public sealed class Running(Process process) : IDisposable
    {
        // .NET reports a child ended by signal N as exit code 128 + N.
        const int SigKilled = 128 + 9;

        readonly Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        readonly Task<string> stderr = process.StandardError.ReadToEndAsync();

        public bool HasExited => process.HasExited;

        public Result Wait()
        {
            if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }

        /// <summary>SIGKILL, as the OOM killer would end it; false when the run had finished by itself first.</summary>
        public bool Kill()
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
            return process.ExitCode == SigKilled;
        }

        public void Dispose()
        {
            Kill();
            process.Dispose();
        }
    }

    public static Running Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for this run only, on top of the test's own environment.</param>
    public static Running Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Tests that read stderr expect its error line alone; on a busy machine a run can outlast the 10 s between
        // progress lines. The progress tests set their own interval.
        start.Environment[ProgressLog.IntervalVariable] = "3600";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sharpprune.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return new Running(Process.Start(start)!);
    }

    public static Result Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    public static Result Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var run = Start(environment, args);
        return run.Wait();
    }
}
