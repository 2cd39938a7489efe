using System.Diagnostics;
using System.Text.Json;
using SharpPrune.IO;
using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// D-Pruner end to end: G from SparseGPT saliency on open-domain text (or a saved G), S from the
/// regularized domain training pass (resumable per epoch from a work folder), then the lowest-S
/// entries of the ORIGINAL weights zeroed. Returns the pruned model; the caller saves it with
/// <see cref="WriteImportance"/> and pruning.json inside the output folder.
/// Each finished epoch is one folder, trained-epoch-N, holding the trained weights and S together
/// (written all or nothing), and progress.json names the last one only once it is complete, so a
/// run killed at any moment resumes from a consistent epoch.
/// </summary>
public sealed class DPrunerPipeline(string modelDirectory, Device device, DPrunerOptions options, LinearSelection selection, TextTokenizer tokenizer)
{
    public const string ImportanceFolder = "importance";
    public const string GeneralFile = "general.safetensors";
    public const string DomainFile = "domain.safetensors";
    public const string DomainOnlyFile = "domain_only.safetensors";
    const string ProgressFile = "progress.json";
    const string TrainedPrefix = "trained-epoch-";

    Dictionary<string, Tensor> general = [], domain = [], domainOnly = [];

    public DPrunerProgress Progress { get; init; } = new();

    /// <summary>A folder (or an earlier output with an importance/ folder) holding general.safetensors: skips stage 1.</summary>
    public string? GeneralImportance { get; init; }

    /// <summary>
    /// An earlier output (or its importance/ folder) holding domain.safetensors: skips stage 2, so masks for other α or
    /// sparsities, or a reconstruction, cost no training. The caller vouches that it was trained as wanted.
    /// </summary>
    public string? DomainImportance { get; init; }

    public (CausalLM Model, DPrunerReport Report) Run(string workDirectory)
    {
        options.Validate();
        // Two runs resuming from one work folder would overwrite each other's epochs.
        using var workLock = OutputLock.Acquire(workDirectory);
        Directory.CreateDirectory(workDirectory);
        var stages = new Dictionary<string, double>();
        var watch = Stopwatch.StartNew();
        string fingerprint = JsonSerializer.Serialize(new { model = Path.GetFullPath(modelDirectory), options = options.ToString(), include = selection.Include, exclude = selection.Exclude });

        // Stage 1: G.
        Calibration.CalibrationRecord? generalRecord = null;
        bool reused = GeneralImportance is not null;
        using (var original = CausalLM.Load(modelDirectory, device))
        {
            var shapes = Shapes(original);
            string workGeneral = Path.Combine(workDirectory, GeneralFile);
            string? saved = GeneralImportance is { } given ? GeneralPath(given)
                : File.Exists(workGeneral) && SameRun(workGeneral, fingerprint) ? workGeneral : null;
            if (saved is not null) general = RequireFinite(ImportanceFile.Load(saved, shapes, device), saved, "G");
            else
            {
                Progress.Stage?.Invoke("stage 1: general importance (SparseGPT saliency)");
                (general, generalRecord) = GeneralImportanceStage.Compute(original, options, selection, tokenizer, Progress.GeneralLayer);
                RequireFinite(general, "D-Pruner stage 1", "G");
                ImportanceFile.Save(workGeneral, general, new Dictionary<string, string> { ["fingerprint"] = fingerprint });
            }
        }
        stages["general_importance"] = watch.Elapsed.TotalSeconds;
        watch.Restart();

        // Stage 2: S, resumable from the last finished epoch — or read from an earlier run.
        int resumedFrom = 0;
        var losses = new List<double>();
        IReadOnlyList<Calibration.CalibrationWindow>? domainWindows = null;
        if (DomainImportance is { } reusedDomain)
        {
            var shapes = general.ToDictionary(g => g.Key, g => g.Value.shape);
            string folder = ImportanceFolderOf(reusedDomain, DomainFile);
            domain = RequireFinite(ImportanceFile.Load(Path.Combine(folder, DomainFile), shapes, device), folder, "S");
            string plain = Path.Combine(folder, DomainOnlyFile);
            domainOnly = File.Exists(plain) ? RequireFinite(ImportanceFile.Load(plain, shapes, device), folder, "domain-only S") : domain;
        }
        else
        {
            Progress.Stage?.Invoke("stage 2: domain importance (regularized training)");
            resumedFrom = ReadProgress(workDirectory, fingerprint);
            using var model = resumedFrom > 0 ? CausalLM.Load(Trained(workDirectory, resumedFrom), device) : CausalLM.Load(modelDirectory, device);
            // Scores are keyed by the weight's tensor name, as in the importance files.
            var targets = selection.In(model).Select(t => (t.WeightName, t.Linear)).ToList();
            var trainer = new DomainImportanceTrainer(model, options, general, targets)
            {
                OnStep = (step, total, loss, tokens) => { losses.Add(loss); Progress.DomainStep?.Invoke(step, total, loss, tokens); },
            };
            if (resumedFrom > 0)
            {
                var shapes = Shapes(model);
                string saved = Path.Combine(Trained(workDirectory, resumedFrom), ImportanceFolder);
                Restore(trainer.Score, ImportanceFile.Load(Path.Combine(saved, DomainFile), shapes, device));
                Restore(trainer.PlainScore, ImportanceFile.Load(Path.Combine(saved, DomainOnlyFile), shapes, device));
            }
            var (ids, labels, windows) = options.Domain.Load(tokenizer);
            domainWindows = windows;
            using (ids)
            using (labels)
            {
                trainer.Train(ids, labels, resumedFrom, epoch =>
                {
                    // A new folder per epoch: the model may have been loaded from the previous one.
                    model.Save(Trained(workDirectory, epoch + 1), overwrite: true,
                        addFiles: folder => SaveImportance(folder, (DomainFile, trainer.Score), (DomainOnlyFile, trainer.PlainScore)));
                    WriteProgress(workDirectory, fingerprint, epoch + 1);
                    if (epoch > 0 && Directory.Exists(Trained(workDirectory, epoch))) Directory.Delete(Trained(workDirectory, epoch), recursive: true);
                });
            }
            domain = RequireFinite(trainer.Score, "D-Pruner stage 2", "S");
            domainOnly = RequireFinite(trainer.PlainScore, "D-Pruner stage 2", "domain-only S");
        }
        stages["domain_importance"] = watch.Elapsed.TotalSeconds;
        watch.Restart();

        // Final: the original weights, the lowest-importance entries of each selected matrix zeroed (or, with
        // reconstruction, held at zero while the kept weights are re-solved).
        var pruned = CausalLM.Load(modelDirectory, device);
        var masks = new Dictionary<string, Tensor>();
        var overlaps = new List<MatrixOverlap>();
        using (no_grad())
        {
            foreach (var target in selection.In(pruned))
            {
                using var scope = NewDisposeScope();
                string key = target.WeightName;
                var importance = DualImportance.Combine(domain[key], general[key], options.Dual, options.Alpha);
                var mask = ImportanceMask.Select(importance, options.Sparsity, options.MaskScope);
                var generalMask = ImportanceMask.Select(general[key], options.Sparsity, options.MaskScope);
                var domainOnlyMask = ImportanceMask.Select(domainOnly[key], options.Sparsity, options.MaskScope);
                overlaps.Add(new MatrixOverlap(key, MaskOverlap.Jaccard(mask, generalMask), MaskOverlap.Jaccard(mask, domainOnlyMask)));
                masks[target.Name] = mask.DetachFromDisposeScope();
            }
        }
        stages["masking"] = watch.Elapsed.TotalSeconds;
        watch.Restart();
        ReconstructionRecord? reconstruction = null;
        if (options.Reconstruct is { } source)
        {
            Progress.Stage?.Invoke($"reconstruction on the {source.ToString().ToLowerInvariant()} calibration (OBS solve, mask fixed)");
            using var ids = ReconstructionIds(source);
            FixedMaskReconstruction.Run(pruned, masks, ids, options.BatchSize, onLayer: Progress.GeneralLayer);
            reconstruction = new ReconstructionRecord(source, ids.shape[0], ids.shape[1]);
            stages["reconstruction"] = watch.Elapsed.TotalSeconds;
        }
        else
        {
            using var _ = no_grad();
            foreach (var target in selection.In(pruned)) target.Linear.weight!.masked_fill_(masks[target.Name], 0);
        }
        var results = selection.In(pruned).Select(target => MatrixResult.Of(target, masks[target.Name])).ToList();
        foreach (var mask in masks.Values) mask.Dispose();
        var report = new PruningReport(results, MatrixResult.OverallSparsity(results), stages, Process.GetCurrentProcess().PeakWorkingSet64, generalRecord);
        var documentIds = domainWindows?.SelectMany(w => w.DocumentIds).Distinct().ToList() ?? [];
        return (pruned, new DPrunerReport(report, overlaps, losses, documentIds, reused, resumedFrom, domainWindows, DomainImportance is not null, reconstruction));
    }

    /// <summary>
    /// The reconstruction's calibration windows: stage 1's general windows, stage 2's domain windows, or both (cut to
    /// the shorter length). Task-formatted domain data is padded per example, and padding must not enter a Hessian.
    /// </summary>
    Tensor ReconstructionIds(ReconstructionSource source)
    {
        using var scope = NewDisposeScope();
        if (source != ReconstructionSource.General && options.Domain.IsTask)
            throw new SharpPruneException($"--reconstruct {source.ToString().ToLowerInvariant()} needs domain text, not a task file (use --reconstruct general)");
        Tensor General()
        {
            using var set = Calibration.CalibrationSampler.Sample(options.GeneralCalibration, tokenizer);
            return set.Ids.clone();
        }
        Tensor Domain() => options.Domain.Load(tokenizer).Ids;
        var ids = source switch
        {
            ReconstructionSource.General => General(),
            ReconstructionSource.Domain => Domain(),
            _ => Mixed(General(), Domain()),
        };
        return ids.MoveToOuterDisposeScope();

        static Tensor Mixed(Tensor a, Tensor b)
        {
            long length = Math.Min(a.shape[1], b.shape[1]);
            return cat([a.narrow(1, 0, length), b.narrow(1, 0, length)], 0);
        }
    }

    /// <summary>Writes G, S and the domain-only score into &lt;folder&gt;/importance/.</summary>
    public void WriteImportance(string folder) =>
        SaveImportance(folder, (GeneralFile, general), (DomainFile, domain), (DomainOnlyFile, domainOnly));

    static void SaveImportance(string folder, params (string File, Dictionary<string, Tensor> Scores)[] files)
    {
        string dir = Path.Combine(folder, ImportanceFolder);
        Directory.CreateDirectory(dir);
        foreach (var (file, scores) in files) ImportanceFile.Save(Path.Combine(dir, file), scores);
    }

    /// <summary>
    /// Deletes a finished run's work folder, progress.json first: a kill part-way through then leaves
    /// no progress pointing at a half-deleted epoch, and a rerun starts stage 2 afresh.
    /// </summary>
    public static void DeleteWork(string workDirectory)
    {
        File.Delete(Path.Combine(workDirectory, ProgressFile));
        Directory.Delete(workDirectory, recursive: true);
    }

    static string Trained(string work, int epochs) => Path.Combine(work, TrainedPrefix + epochs);

    /// <summary>Importance scores become masks without a look at their values, so a NaN or Inf must stop the run here.</summary>
    static Dictionary<string, Tensor> RequireFinite(Dictionary<string, Tensor> scores, string source, string what)
    {
        foreach (var (name, score) in scores) FiniteCheck.Require(score, $"{source}: importance {what} of '{name}'");
        return scores;
    }

    static string GeneralPath(string given)
    {
        foreach (var candidate in new[] { Path.Combine(given, GeneralFile), Path.Combine(given, ImportanceFolder, GeneralFile), given })
            if (File.Exists(candidate)) return candidate;
        throw SharpPruneException.InFile(given, $"no {GeneralFile} here or in its {ImportanceFolder}/ folder");
    }

    /// <summary>The folder holding <paramref name="file"/>: <paramref name="given"/> itself or its importance/ folder.</summary>
    static string ImportanceFolderOf(string given, string file)
    {
        foreach (var candidate in new[] { given, Path.Combine(given, ImportanceFolder) })
            if (File.Exists(Path.Combine(candidate, file))) return candidate;
        throw SharpPruneException.InFile(given, $"no {file} here or in its {ImportanceFolder}/ folder");
    }

    static Dictionary<string, long[]> Shapes(CausalLM model) =>
        model.NamedLinears().ToDictionary(l => l.WeightName, l => l.Linear.weight!.shape);

    static void Restore(Dictionary<string, Tensor> target, Dictionary<string, Tensor> saved)
    {
        foreach (var (name, value) in saved)
            if (target.TryGetValue(name, out var t)) t.copy_(value);
    }

    static bool SameRun(string generalFile, string fingerprint) =>
        ImportanceFile.Metadata(generalFile).TryGetValue("fingerprint", out var f) && f == fingerprint;

    static int ReadProgress(string work, string fingerprint)
    {
        string path = Path.Combine(work, ProgressFile);
        if (!File.Exists(path)) return 0;
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        if (json.RootElement.GetProperty("fingerprint").GetString() != fingerprint)
            throw SharpPruneException.InFile(work, "holds the state of a different D-Pruner run; delete it or choose another --work-dir");
        return json.RootElement.GetProperty("epochs_done").GetInt32();
    }

    static void WriteProgress(string work, string fingerprint, int epochsDone)
    {
        string path = Path.Combine(work, ProgressFile), temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new { fingerprint, epochs_done = epochsDone }));
        File.Move(temp, path, overwrite: true);
    }
}
