using System.Diagnostics;
using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Pruning.DPruner;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// D-Pruner's stage times and peak memory on the ~100M random Llama (saved to a temporary folder
/// first, since the pipeline reloads the original weights), with Brown / PubMedQA text tokenized by
/// stories260K's tokenizer (its ids fit the 32000-token vocabulary; speed does not depend on them).
/// </summary>
public static class DPrunerBenchmark
{
    public static void Run(string[] args)
    {
        int samples = args.Length > 0 ? int.Parse(args[0]) : 16, seqLen = 512;
        string shared = Path.GetFullPath(args.Length > 1 ? args[1] : "../shared");
        string work = Directory.CreateTempSubdirectory("sharpprune-dpruner-bench-").FullName;
        try
        {
            string modelDir = Path.Combine(work, "model");
            using (var model = CausalLM.CreateRandom(BenchModels.Llama100M(), seed: 1)) model.Save(modelDir);
            var tokenizer = TextTokenizer.Load(Path.Combine(shared, "models", "stories260K"));
            string medical = Path.Combine(shared, "data", "medical");
            var options = new DPrunerOptions
            {
                Sparsity = 0.5,
                GeneralCalibration = new CalibrationSpec(Path.Combine(shared, "data", "general", "brown.jsonl"), Samples: samples, SeqLen: seqLen,
                    Filter: DocumentFilter.Parse("0:0.8")),
                Domain = new DomainData(new CalibrationSpec(Path.Combine(medical, "pubmedqa_ori_pqal.json"), "CONTEXTS+LONG_ANSWER", samples, seqLen,
                    Filter: DocumentFilter.Parse("not-ids:" + Path.Combine(medical, "pubmedqa_test_ground_truth.json")))),
                Epochs = 1,
            };
            long tokens = 0;
            var watch = Stopwatch.StartNew();
            var pipeline = new DPrunerPipeline(modelDir, CPU, options, LinearSelection.All, tokenizer)
            {
                Progress = new DPrunerProgress { DomainStep = (_, _, _, t) => tokens += t },
            };
            var (pruned, report) = pipeline.Run(Path.Combine(work, "state"));
            pruned.Dispose();
            var s = report.Pruning.StageSeconds;
            Console.WriteLine("| model | general calib | domain train | stage 1 s | stage 2 s (tokens/s) | masking s | total s | peak RSS |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            Console.WriteLine($"| llama-100m (random) | {samples} × {seqLen} | {samples} × {seqLen}, 1 epoch, batch 8 | {s["general_importance"]:F0} | {s["domain_importance"]:F0} ({tokens / s["domain_importance"]:F0}) | {s["masking"]:F1} | {watch.Elapsed.TotalSeconds:F0} | {report.Pruning.PeakMemoryBytes / 1e6:F0} MB |");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
