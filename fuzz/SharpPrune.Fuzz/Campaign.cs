using System.Security.Cryptography;
using SharpPrune.Fuzz.Mutation;
using SharpPrune.Fuzz.Targets;

namespace SharpPrune.Fuzz;

/// <summary>
/// Fuzzes one target for a fixed time: mutate a seed, run it, and save every input that crashes,
/// hangs or over-allocates under tests/fixtures/fuzz-regressions/TARGET/, named by its hash, where
/// the regression tests replay it.
/// </summary>
public static class Campaign
{
    public static CampaignResult Run(IFuzzTarget target, TimeSpan duration, int seed)
    {
        var seeds = Seeds.For(target);
        var mutator = new InputMutator(target, seeds, new Random(seed));
        var workRoot = Directory.CreateTempSubdirectory($"sharpprune-fuzz-{target.Name}-");
        var saveDir = Directory.CreateDirectory(RepoRoot.Regressions(target.Name)).FullName;
        var bugs = new HashSet<string>(StringComparer.Ordinal);
        long executions = 0, accepted = 0, rejected = 0;
        int crashes = 0, hangs = 0, bigAllocations = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Console.WriteLine($"{target.Name}: {seeds.Count} seeds, {duration.TotalSeconds:0} s, seed {seed}");
        while (clock.Elapsed < duration)
        {
            // The seeds themselves go first, so a failure on a real file is reported as such.
            var input = executions < seeds.Count ? seeds[(int)executions] : mutator.Next();
            var folder = Directory.CreateDirectory(Path.Combine(workRoot.FullName, executions.ToString())).FullName;
            var outcome = FuzzExecutor.Execute(target, input, folder);
            executions++;
            switch (outcome.Verdict)
            {
                case FuzzVerdict.Accepted: accepted++; break;
                case FuzzVerdict.Rejected: rejected++; break;
                default:
                    if (bugs.Add(BugKey(outcome)))
                    {
                        var name = Convert.ToHexStringLower(SHA256.HashData(input))[..8] + ".bin";
                        File.WriteAllBytes(Path.Combine(saveDir, name), input);
                        Console.WriteLine($"  {name}: {outcome.Describe()}");
                        crashes += outcome.Verdict == FuzzVerdict.Crash ? 1 : 0;
                        hangs += outcome.Verdict == FuzzVerdict.Hang ? 1 : 0;
                        bigAllocations += outcome.Verdict == FuzzVerdict.BigAllocation ? 1 : 0;
                    }
                    break;
            }
            if (outcome.Verdict == FuzzVerdict.Hang)
            {
                // The hung parse still holds a thread and a core; nothing after it would be measured fairly.
                Console.WriteLine("  stopping this target after a hang");
                break;
            }
            TryDelete(folder);
        }
        TryDelete(workRoot.FullName);
        return new CampaignResult(target.Name, executions, accepted, rejected, crashes, hangs, bigAllocations, clock.Elapsed);
    }

    /// <summary>One bug, however many inputs hit it: the verdict, exception type and the frame that threw.</summary>
    static string BugKey(FuzzOutcome outcome)
    {
        var frame = outcome.Error?.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
        return $"{outcome.Verdict} {outcome.Error?.GetType().FullName} {frame}";
    }

    static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file a hung parse still holds; the temp folder is cleaned by the system.
        }
    }
}
