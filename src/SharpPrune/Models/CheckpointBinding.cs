using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// Moves weights between a model folder and a <see cref="CausalLM"/> by name: every module
/// parameter must be in the checkpoint with the shape the config implies; checkpoint tensors the
/// model does not use are accepted only if they are known buffers, and are saved back unchanged.
/// A parameter holding NaN or Inf is refused by name: no command can give a meaningful result from it.
/// </summary>
internal static class CheckpointBinding
{
    public const string ConfigFile = "config.json";

    // Buffers some checkpoints carry that the forward pass recomputes (or a tied head stored anyway).
    static readonly string[] IgnorableSuffixes =
        [".rotary_emb.inv_freq", ".attn.bias", ".attn.masked_bias", ".attention.bias", ".attention.masked_bias"];

    public static CausalLM Load(string directory, Device device)
    {
        var config = ModelConfigReader.ReadFolder(directory);
        // The files first: a folder whose config claims more than its files hold fails on the files, not in an allocation.
        using var reader = CheckpointReader.Open(directory);
        var model = CausalLM.Construct(config);
        try
        {
            Bind(model, directory, reader);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.SourceDirectory = Path.GetFullPath(directory);
        model.to(device);
        model.eval();
        return model;
    }

    /// <summary>Copies every parameter from the checkpoint by name and records how each tensor was stored.</summary>
    static void Bind(CausalLM model, string directory, CheckpointReader reader)
    {
        var config = model.Config;
        var available = reader.Names.ToHashSet(StringComparer.Ordinal);
        string omitted = config.Architecture.OmittedPrefix(available);
        var dtypes = new Dictionary<string, SafetensorsDType>();
        var layout = new CheckpointLayout(dtypes, reader.IsSharded ? reader.Names.ToDictionary(n => n, reader.ShardOf) : null,
            new Dictionary<string, Tensor>(), omitted);
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                string disk = layout.DiskName(name);
                if (!available.Remove(disk))
                    throw SharpPruneException.InFile(directory, $"checkpoint has no tensor '{disk}' (required by config.json)");
                using var stored = reader.Read(disk);
                using var oriented = model.StoredTransposed(name) ? stored.t() : stored.alias();
                if (!oriented.shape.SequenceEqual(parameter.shape))
                    throw SharpPruneException.InFile(Path.Combine(directory, reader.ShardOf(disk)),
                        $"tensor '{disk}' has shape {Shape(stored.shape)} but config.json implies {Shape(model.StoredTransposed(name) ? parameter.shape.Reverse().ToArray() : parameter.shape)}");
                parameter.copy_(oriented);
                FiniteCheck.Require(parameter, $"{Path.Combine(directory, reader.ShardOf(disk))}: tensor '{disk}'");
                dtypes[disk] = reader.Info(disk).DType;
            }
        }
        var extras = (Dictionary<string, Tensor>)layout.Extras;
        foreach (var name in available.Order(StringComparer.Ordinal))
        {
            bool tiedHead = config.TieEmbeddings && name is "lm_head.weight" or "embed_out.weight";
            if (!tiedHead && !IgnorableSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)))
                throw SharpPruneException.InFile(directory, $"unexpected tensor '{name}' for a {config.ModelType} model as configured");
            extras[name] = reader.Read(name);
            dtypes[name] = reader.Info(name).DType;
        }
        model.Layout = layout;
    }

    public static void Save(CausalLM model, string directory, bool overwrite, Action<string>? addFiles, OutputLock? held)
    {
        if (model.SourceDirectory is { } input && Path.GetFullPath(directory).TrimEnd('/') == input.TrimEnd('/'))
            throw SharpPruneException.InFile(directory, "is the input model folder; write the result elsewhere");
        using var staging = AtomicDirectory.Begin(directory, overwrite, held);
        if (model.SourceDirectory is { } source) CopyCompanionFiles(source, staging.Path);
        WriteConfigIfChanged(model, staging.Path);
        var layout = model.Layout;
        var tensors = new List<(string, Tensor)>();
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in model.named_parameters())
        {
            string disk = layout.DiskName(name);
            var value = parameter.detach();
            if (model.StoredTransposed(name)) value = value.t();
            tensors.Add((disk, value.to_type(layout.DTypeOf(disk).ScalarType).cpu().contiguous()));
        }
        tensors.AddRange(layout.Extras.Select(e => (e.Key, e.Value)));
        CheckpointWriter.Write(staging.Path, tensors, layout.ShardOf);
        addFiles?.Invoke(staging.Path);
        staging.Commit();
    }

    /// <summary>Everything in the source folder but the weights: config, tokenizer, generation config, notes.</summary>
    static void CopyCompanionFiles(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(".safetensors", StringComparison.Ordinal) || name == CheckpointIndex.FileName) continue;
            File.Copy(file, Path.Combine(target, name));
        }
    }

    /// <summary>config.json is copied byte for byte unless the model's config object was changed (e.g. pruned widths).</summary>
    static void WriteConfigIfChanged(CausalLM model, string target)
    {
        string path = Path.Combine(target, ConfigFile);
        if (File.Exists(path) && JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), model.Config.Raw)) return;
        if (model.Config.Raw.Count == 0) throw new InvalidOperationException("a ModelConfig must come from config.json (ModelConfigReader)");
        File.WriteAllText(path, model.Config.Raw.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
