using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.Calibration;
using SharpPrune.Data;

namespace SharpPrune.Pruning.DPruner;

/// <summary>D-Pruner's part of pruning.json: its settings, the domain data used, the loss curve and the mask overlaps.</summary>
public static class DPrunerManifest
{
    public static JsonObject Details(DPrunerOptions o, DPrunerReport r)
    {
        var details = Settings(o, r);
        foreach (var (key, value) in DualAndReconstruction(o, r)) details[key] = value;
        return details;
    }

    static JsonObject Settings(DPrunerOptions o, DPrunerReport r) => new()
    {
        ["general_sparsity"] = o.GeneralSparsity,
        ["lambda"] = o.Lambda,
        ["lr"] = o.LearningRate,
        ["warmup_fraction"] = o.WarmupFraction,
        ["epochs"] = o.Epochs,
        ["batch_size"] = o.BatchSize,
        ["clip_norm"] = o.ClipNorm,
        ["scoring"] = o.Scoring.ToString().ToLowerInvariant(),
        ["reference_grad_scale"] = o.Scoring == DomainScoring.Reference ? o.ReferenceGradScale : null,
        ["mask_scope"] = o.MaskScope.ToString().ToLowerInvariant(),
        ["domain_data"] = new JsonObject
        {
            ["path"] = Path.GetFullPath(o.Domain.Text.Path),
            ["sha256"] = FileHash.Sha256(o.Domain.Text.Path),
            ["field"] = o.Domain.Text.Field,
            ["answer_field"] = o.Domain.AnswerField,
            ["documents"] = (o.Domain.Text.Filter ?? DocumentFilter.All).ToString(),
            ["samples"] = o.Domain.Text.Samples,
            ["max_length"] = o.Domain.Text.SeqLen,
            ["document_ids"] = new JsonArray(r.DomainDocumentIds.Select(i => (JsonNode)i).ToArray()),
        },
        ["general_importance_reused"] = r.GeneralImportanceReused,
        ["resumed_from_epoch"] = r.ResumedFromEpoch,
        ["step_losses"] = new JsonArray(r.StepLosses.Select(l => (JsonNode)l).ToArray()),
        ["mask_overlap"] = JsonSerializer.SerializeToNode(r.Overlaps, PruningManifest.Options),
    };

    /// <summary>How G entered the mask, which domain windows stage 2 trained on (documents and token offsets, as the
    /// calibration windows are listed), and what the reconstruction ran on.</summary>
    static IEnumerable<KeyValuePair<string, JsonNode?>> DualAndReconstruction(DPrunerOptions options, DPrunerReport report)
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
