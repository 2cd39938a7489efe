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
        foreach (var (key, value) in DPrunerManifestFields.Of(o, r)) details[key] = value;
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
}
