using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// The parts of pruning.json's "dpruner" object that say how G entered the mask, which domain windows stage 2 trained
/// on (documents and token offsets, as the calibration windows are listed), and what the reconstruction ran on.
/// </summary>
public static class DPrunerManifestFields
{
    public static IEnumerable<KeyValuePair<string, JsonNode?>> Of(DPrunerOptions options, DPrunerReport report)
    {
        yield return new("dual", new JsonObject
        {
            ["form"] = options.Dual.ToString().ToLowerInvariant(),
            ["alpha"] = options.Dual == DualForm.Rank ? options.Alpha : null,
            ["stage_two_lambda"] = options.StageTwoLambda,
            ["importance"] = options.Dual == DualForm.Rank
                ? "(1 - alpha) * rank(S) + alpha * rank(G), ranks within each matrix"
                : "S, trained with g' = g + lambda * 2 * lr^2 * G * g^2 / 1000",
        });
        yield return new("lr_schedule", "released (LOMO): p = (step + 1) / T; lr * p / warmup while p < warmup, then lr * (1 - p) / (1 - warmup)");
        yield return new("domain_importance_reused", report.DomainImportanceReused);
        yield return new("domain_windows", report.DomainWindows is null ? null : JsonSerializer.SerializeToNode(report.DomainWindows, PruningManifest.Options));
        yield return new("reconstruct", report.Reconstruction is not { } r ? null : new JsonObject
        {
            ["calibration"] = r.Source.ToString().ToLowerInvariant(),
            ["windows"] = r.Windows,
            ["seq_len"] = r.SeqLen,
            ["general_calibration"] = r.Source == ReconstructionSource.Domain ? null : new JsonObject
            {
                ["path"] = Path.GetFullPath(options.GeneralCalibration.Path),
                ["documents"] = (options.GeneralCalibration.Filter ?? Data.DocumentFilter.All).ToString(),
                ["nsamples"] = options.GeneralCalibration.Samples,
                ["seq_len"] = options.GeneralCalibration.SeqLen,
                ["seed"] = options.GeneralCalibration.Seed,
            },
        });
    }
}
