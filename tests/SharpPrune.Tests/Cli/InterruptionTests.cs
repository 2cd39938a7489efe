using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SharpPrune.IO;
using SharpPrune.Models;
using TorchSharp;
using Xunit.Abstractions;

namespace SharpPrune.Tests.Cli;

/// <summary>
/// <c>sharpprune prune</c> on stories260K killed with SIGKILL at seeded random moments: after every kill the
/// output folder is absent or a complete model identical to an uninterrupted run's, the input folder is
/// byte-identical, what the kill left beside the output is cleaned up by the next run, and a D-Pruner run
/// killed after an epoch resumes there and gives the uninterrupted mask.
/// </summary>
[Trait("Category", "Interruption")]
public sealed class InterruptionTests : IDisposable
{
    readonly ITestOutputHelper log;
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-kill-").FullName;
    readonly string generalText, domainText;

    public InterruptionTests(ITestOutputHelper log)
    {
        this.log = log;
        // Small corpora: calibration sampling tokenizes the whole file, and the runs should be short.
        var brown = File.ReadLines(TinyModels.Brown).Take(80).ToList();
        File.WriteAllLines(generalText = Path.Combine(temp, "general.jsonl"), brown.Take(40));
        File.WriteAllLines(domainText = Path.Combine(temp, "domain.jsonl"), brown.Skip(40));
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    string[] Args(string method, string outDir, params string[] extra) => Args(method, outDir, domainSamples: 4, extra);

    string[] Args(string method, string outDir, int domainSamples, string[] extra)
    {
        string[] common = ["prune", "--model", TinyModels.StoriesDir, "--method", method, "--sparsity", "0.5", "--out", outDir, "--json"];
        return method switch
        {
            "magnitude" => [.. common, .. extra],
            "wanda" => [.. common, "--calib", generalText, "--nsamples", "4", "--seq-len", "32", .. extra],
            _ => [.. common, "--general-calib", generalText, "--nsamples", "2", "--seq-len", "32", "--domain-calib", domainText,
                "--domain-samples", $"{domainSamples}", "--max-length", "32", "--epochs", "2", "--batch-size", "2", .. extra],
        };
    }

    [Fact]
    public void KilledRunsNeverLeaveACorruptOutputNorTouchTheInput()
    {
        var input = Hashes(TinyModels.StoriesDir);
        var random = new Random(20261123);
        int kills = 0, atSave = 0, finishedFirst = 0, absent = 0, previous = 0, fresh = 0, staged = 0, replaced = 0;
        var corrupt = new List<string>();
        foreach (var (method, target) in new[] { ("magnitude", 8), ("wanda", 7), ("dpruner", 7) })
        {
            string reference = Path.Combine(temp, "reference-" + method), outDir = Path.Combine(temp, method);
            var watch = Stopwatch.StartNew();
            AssertSucceeded(CliProcess.Run(Args(method, reference)));
            double seconds = watch.Elapsed.TotalSeconds;
            Assert.Null(Problem(reference, reference, input));
            // Runs that finish before their kill time do not count; a slow machine gets more tries.
            for (int k = 0, first = kills; kills - first < target && k < 2 * target; k++)
            {
                // Every other run replaces an earlier output, marked so it can be told from the new one.
                if (k % 2 == 1 && !Directory.Exists(outDir))
                {
                    CopyFolder(reference, outDir);
                    File.WriteAllText(Path.Combine(outDir, "previous.txt"), "");
                }
                var before = Staging(outDir);
                using var run = CliProcess.Start(Args(method, outDir, "--overwrite"));
                // One run in three is killed while its output folder is being written; the others at any moment
                // of an uninterrupted run's span (its last fifth left out: most runs should die, not finish).
                bool whileSaving = k % 3 == 2 && WaitForNewStaging(outDir, before, run);
                Thread.Sleep(whileSaving ? TimeSpan.FromMilliseconds(random.Next(0, 20)) : TimeSpan.FromSeconds(random.NextDouble() * 0.8 * seconds));
                if (!run.Kill())
                {
                    finishedFirst++;
                }
                else
                {
                    kills++;
                    if (whileSaving) atSave++;
                }

                staged += Staging(outDir).Except(before).Count();
                replaced += Directory.GetDirectories(temp, method + ".old-*").Length;
                Assert.All(Directory.GetFileSystemEntries(temp, method + "*").Select(Path.GetFileName),
                    name => Assert.Matches($@"^{method}(\.lock|\.dpruner-work|\.dpruner-work\.lock|\.tmp-[0-9a-f]{{32}}|\.old-[0-9a-f]{{32}})?$", name));
                if (!Directory.Exists(outDir)) { absent++; continue; }
                if (File.Exists(Path.Combine(outDir, "previous.txt"))) previous++; else fresh++;
                if (Problem(outDir, reference, input) is { } problem) corrupt.Add($"{method} run {k}: {problem}");
            }
            // A run to completion over whatever the kills left: the same output, and nothing left beside it.
            AssertSucceeded(CliProcess.Run(Args(method, outDir, "--overwrite")));
            Assert.Null(Problem(outDir, reference, input));
            Assert.False(File.Exists(Path.Combine(outDir, "previous.txt")));
            Assert.Equal([method], Directory.GetFileSystemEntries(temp, method + "*").Select(Path.GetFileName));
        }
        log.WriteLine($"kills {kills} ({atSave} while the output folder was being written), runs finished before their kill {finishedFirst}; " +
            $"outputs checked {previous + fresh} ({previous} earlier, {fresh} new), absent {absent}; corrupt {corrupt.Count}; " +
            $"leftovers seen after kills: {staged} staging folders, {replaced} outputs moved aside");
        Assert.Empty(corrupt);
        Assert.Equal(input, Hashes(TinyModels.StoriesDir));
        Assert.True(kills >= 20, $"only {kills} runs were killed before finishing");
    }

    [Fact]
    public void ADPrunerRunKilledAfterAnEpochResumesThereAndGivesTheUninterruptedMask()
    {
        string[] ArgsFor(string name) =>
            Args("dpruner", Path.Combine(temp, name), domainSamples: 12, ["--work-dir", Path.Combine(temp, name + "-work")]);
        AssertSucceeded(CliProcess.Run(ArgsFor("whole")));

        string work = Path.Combine(temp, "killed-work"), progress = Path.Combine(work, "progress.json");
        int epochsDone = 0;
        using (var run = CliProcess.Start(ArgsFor("killed")))
        {
            var watch = Stopwatch.StartNew();
            while (epochsDone == 0 && !run.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                epochsDone = EpochsDone(progress);
                Thread.Sleep(1);
            }
            Assert.True(run.Kill(), "the run finished before it could be killed after its first epoch");
        }
        // An epoch may have finished between the last look and the kill.
        epochsDone = EpochsDone(progress);
        Assert.True(epochsDone >= 1);
        Assert.False(Directory.Exists(Path.Combine(temp, "killed")));

        AssertSucceeded(CliProcess.Run(ArgsFor("killed")));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(temp, "killed", "pruning.json")))!;
        Assert.Equal(epochsDone, manifest["dpruner"]!["resumed_from_epoch"]!.GetValue<int>());
        foreach (var file in new[] { "model.safetensors", "importance/domain.safetensors", "importance/domain_only.safetensors", "importance/general.safetensors" })
            Assert.True(File.ReadAllBytes(Path.Combine(temp, "whole", file)).SequenceEqual(File.ReadAllBytes(Path.Combine(temp, "killed", file))), file);
        Assert.False(Directory.Exists(work));
        log.WriteLine($"killed after {epochsDone} of 2 epochs; the rerun resumed from epoch {epochsDone} and matched the uninterrupted run");
    }

    static void AssertSucceeded(CliProcess.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");

    /// <summary>
    /// Null when <paramref name="outDir"/> is a complete model identical to <paramref name="reference"/>: it loads, every
    /// file but pruning.json is byte-identical, pruning.json records the same matrices and the input's hashes, and each
    /// matrix holds the zeros pruning.json says. Otherwise what is wrong.
    /// </summary>
    static string? Problem(string outDir, string reference, IReadOnlyDictionary<string, string> input)
    {
        using var scope = torch.NewDisposeScope();
        try
        {
            using (CausalLM.Load(outDir)) { }
            var files = Files(outDir).Where(f => f != "previous.txt").ToList();
            if (!files.SequenceEqual(Files(reference))) return $"files [{string.Join(", ", files)}] differ from [{string.Join(", ", Files(reference))}]";
            foreach (var file in files.Where(f => f != "pruning.json"))
                if (!File.ReadAllBytes(Path.Combine(outDir, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(reference, file)))) return $"{file} differs";
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "pruning.json")))!;
            var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(reference, "pruning.json")))!;
            foreach (var key in new[] { "method", "pattern", "sparsity", "matrices" })
                if (!JsonNode.DeepEquals(manifest[key], expected[key])) return $"pruning.json {key} differs";
            foreach (var (name, hash) in input)
                if (manifest["input_model"]!["files_sha256"]![name]?.GetValue<string>() is { } recorded && recorded != hash) return $"input hash of {name} differs";
            using var weights = CheckpointReader.Open(outDir);
            foreach (var matrix in manifest["matrices"]!.AsArray())
            {
                using var w = weights.Read(matrix!["name"]!.GetValue<string>());
                double zeros = (w == 0).sum().item<long>() / (double)w.numel();
                if (Math.Abs(zeros - matrix["sparsity"]!.GetValue<double>()) > 1e-9) return $"{matrix["name"]} has {zeros} zeros, pruning.json says {matrix["sparsity"]}";
            }
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    static List<string> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToList();

    static Dictionary<string, string> Hashes(string folder) =>
        Files(folder).ToDictionary(f => f, f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f)))));

    static void CopyFolder(string from, string to)
    {
        foreach (var file in Files(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, file))!);
            File.Copy(Path.Combine(from, file), Path.Combine(to, file));
        }
    }

    static HashSet<string> Staging(string outDir) =>
        Directory.GetDirectories(Path.GetDirectoryName(outDir)!, Path.GetFileName(outDir) + ".tmp-*").ToHashSet();

    /// <summary>Waits until the run has a staging folder of its own (not one a killed run left); false if it ended first.</summary>
    static bool WaitForNewStaging(string outDir, HashSet<string> before, CliProcess.Running run)
    {
        while (!run.HasExited)
        {
            if (Staging(outDir).Except(before).Any()) return true;
            Thread.Sleep(1);
        }
        return false;
    }

    /// <summary>progress.json's epochs_done; 0 while it does not exist.</summary>
    static int EpochsDone(string progress)
    {
        try
        {
            return File.Exists(progress) ? JsonNode.Parse(File.ReadAllText(progress))!["epochs_done"]!.GetValue<int>() : 0;
        }
        catch (IOException)
        {
            return 0; // replaced while being read: the next look sees the new one
        }
    }
}
