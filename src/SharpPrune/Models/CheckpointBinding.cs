using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.IO;
using TorchSharp;
using TorchSharp.Modules;
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

    static readonly Lock MetaConstruction = new();

    public static CausalLM Load(string directory, Device device, WeightResidency residency)
    {
        var config = ModelConfigReader.ReadFolder(directory);
        // The files first: a folder whose config claims more than its files hold fails on the files, not in an allocation.
        var reader = CheckpointReader.Open(directory);
        CausalLM? model = null;
        try
        {
            if (residency == WeightResidency.Stored && reader.Names.All(n => reader.Info(n).DType == SafetensorsDType.F32))
                residency = WeightResidency.Float32;
            if (residency == WeightResidency.Float32)
            {
                model = CausalLM.Construct(config);
                Bind(model, directory, reader, shapes: null, layerStore: null);
            }
            else
            {
                (model, var shapes) = ConstructWithoutStorage(config);
                var held = residency == WeightResidency.Stored ? new Dictionary<string, Tensor>() : null;
                Bind(model, directory, reader, shapes, held);
                model.Store = held is null ? LayerStore.Streamed(reader) : LayerStore.InMemory(held);
            }
        }
        catch
        {
            model?.Dispose();
            if (model?.Store is null) reader.Dispose();
            throw;
        }
        if (model.Store is not { IsStreamed: true }) reader.Dispose();
        model.SourceDirectory = Path.GetFullPath(directory);
        model.to(device);
        model.eval();
        return model;
    }

    /// <summary>
    /// The module built on the meta device (shapes, no storage), then every parameter replaced by an empty float32 one on the
    /// CPU, for <see cref="Bind"/> to fill: building a 7B model the ordinary way would initialise 27 GB of float32 first.
    /// The families build their modules on TorchSharp's default device, which is one setting for the whole process: while it
    /// is the meta device (the moment of construction, under a lock so two loads never interleave), a tensor another thread
    /// creates without naming a device is a meta tensor, which fails at its first use. So a stored-dtype or streamed load
    /// must not run beside other TorchSharp work in the same process (the CLI loads before any other work; the tests that
    /// load this way run in a collection of their own).
    /// </summary>
    /// <returns>The model and the shape each parameter will have.</returns>
    static (CausalLM, Dictionary<string, long[]>) ConstructWithoutStorage(ModelConfig config)
    {
        CausalLM model;
        lock (MetaConstruction)
        {
            var previous = get_default_device();
            set_default_device(META);
            try
            {
                model = CausalLM.Construct(config);
            }
            finally
            {
                set_default_device(previous);
            }
        }
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        ParameterSlot.ReplaceAll(model, (name, old) =>
        {
            shapes[name] = old.shape;
            return new Parameter(empty(0, ScalarType.Float32, CPU), old.requires_grad);
        });
        return (model, shapes);
    }

    /// <summary>
    /// Fills every parameter from the checkpoint by name and records how each tensor was stored. A model built without
    /// storage comes with its parameters' <paramref name="shapes"/>; with a <paramref name="layerStore"/> (a stored-dtype model)
    /// its decoder layers' tensors go there as stored, without one (streamed) they are only checked to exist with the right
    /// shape, and read when used.
    /// </summary>
    static void Bind(CausalLM model, string directory, CheckpointReader reader, Dictionary<string, long[]>? shapes, Dictionary<string, Tensor>? layerStore)
    {
        var config = model.Config;
        var available = reader.Names.ToHashSet(StringComparer.Ordinal);
        string omitted = config.Architecture.OmittedPrefix(available);
        var dtypes = new Dictionary<string, SafetensorsDType>();
        var layout = new CheckpointLayout(dtypes, reader.IsSharded ? reader.Names.ToDictionary(n => n, reader.ShardOf) : null,
            new Dictionary<string, Tensor>(), omitted);
        bool withoutStorage = shapes is not null;
        var layerNames = withoutStorage
            ? Enumerable.Range(0, model.Layers.Count).SelectMany(i => model.Layers[i].named_parameters().Select(p => model.LayerPrefix(i) + p.name)).ToHashSet(StringComparer.Ordinal)
            : [];
        var replacements = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                string disk = layout.DiskName(name);
                if (!available.Remove(disk))
                    throw SharpPruneException.InFile(directory, $"checkpoint has no tensor '{disk}' (required by config.json)");
                var info = reader.Info(disk);
                long[] shape = shapes?[name] ?? parameter.shape;
                long[] expected = model.StoredTransposed(name) ? shape.Reverse().ToArray() : shape;
                if (!info.Shape.SequenceEqual(expected))
                    throw SharpPruneException.InFile(Path.Combine(directory, reader.ShardOf(disk)),
                        $"tensor '{disk}' has shape {Shape(info.Shape)} but config.json implies {Shape(expected)}");
                dtypes[disk] = info.DType;
                string where = $"{Path.Combine(directory, reader.ShardOf(disk))}: tensor '{disk}'";
                if (layerNames.Contains(name) || withoutStorage && layerStore is null)
                {
                    // Streamed: every tensor is read (and checked) when it is used.
                    if (layerStore is null) continue;
                    var stored = reader.Read(disk);
                    FiniteCheck.Require(stored, where);
                    layerStore[disk] = stored;
                    continue;
                }
                using var read = reader.Read(disk);
                using var oriented = model.StoredTransposed(name) ? read.t() : read.alias();
                if (withoutStorage)
                {
                    replacements[name] = oriented.to_type(ScalarType.Float32, copy: true).contiguous();
                    FiniteCheck.Require(replacements[name], where);
                    continue;
                }
                parameter.copy_(oriented);
                FiniteCheck.Require(parameter, where);
            }
        }
        if (withoutStorage)
        {
            using (no_grad())
            {
                foreach (var (name, parameter) in model.named_parameters())
                {
                    if (replacements.Remove(name, out var value))
                    {
                        parameter.set_(value);
                        value.Dispose();
                    }
                }
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

    public static void Save(CausalLM model, string directory, bool overwrite, Action? change, Action<string>? addFiles, OutputLock? held)
    {
        if (model.SourceDirectory is { } input && Path.GetFullPath(directory).TrimEnd('/') == input.TrimEnd('/'))
            throw SharpPruneException.InFile(directory, "is the input model folder; write the result elsewhere");
        if (model.Store is not { IsStreamed: true } streamed)
        {
            change?.Invoke();
            using var staging = AtomicDirectory.Begin(directory, overwrite, held);
            WriteCompanions(model, staging.Path);
            using var scope = NewDisposeScope();
            var tensors = model.named_parameters().Select(p => StoredTensor(model, p.name, p.parameter)).ToList();
            tensors.AddRange(model.Layout.Extras.Select(e => (e.Key, e.Value)));
            CheckpointWriter.Write(staging.Path, tensors, model.Layout.ShardOf);
            addFiles?.Invoke(staging.Path);
            staging.Commit();
            return;
        }
        using (var staging = AtomicDirectory.Begin(directory, overwrite, held))
        {
            WriteCompanions(model, staging.Path);
            var layout = model.Layout;
            var layerNames = Enumerable.Range(0, model.Layers.Count)
                .SelectMany(i => model.Layers[i].named_parameters().Select(p => layout.DiskName(model.LayerPrefix(i) + p.name))).ToHashSet(StringComparer.Ordinal);
            var announced = model.named_parameters().Select(p => layout.DiskName(p.name))
                .Select(disk => (disk, layout.DTypeOf(disk), streamed.Shape(disk))).ToList();
            announced.AddRange(layout.Extras.Select(e => (e.Key, layout.DTypeOf(e.Key), e.Value.shape)));
            using var writer = CheckpointWriter.Begin(staging.Path, announced, layout.ShardOf);
            // The embeddings, norm and head as stored: a streamed run never changes them (and bf16 → float32 → bf16 is exact).
            foreach (var (name, _) in model.named_parameters())
            {
                string disk = layout.DiskName(name);
                if (layerNames.Contains(disk)) continue;
                using var value = streamed.Read(disk);
                writer.Write(disk, value);
            }
            foreach (var (name, value) in layout.Extras) writer.Write(name, value);
            var stored = new HashSet<string>(StringComparer.Ordinal);
            streamed.Sink = (disk, value) =>
            {
                writer.Write(disk, value);
                stored.Add(disk);
            };
            try
            {
                change?.Invoke();
            }
            finally
            {
                streamed.Sink = null;
            }
            // Layers the change left alone (or all of them, for a plain save) are copied as stored.
            foreach (var disk in layerNames.Where(n => !stored.Contains(n)).Order(StringComparer.Ordinal))
            {
                using var value = streamed.Read(disk);
                writer.Write(disk, value);
            }
            writer.Complete();
            writer.Dispose();
            addFiles?.Invoke(staging.Path);
            staging.Commit();
        }
    }

    /// <summary>
    /// A parameter as the checkpoint stores it (name, orientation, dtype): a stored-dtype model's layers as they are held, every
    /// other parameter converted from float32. Lives in the caller's dispose scope.
    /// </summary>
    static (string, Tensor) StoredTensor(CausalLM model, string name, Tensor parameter)
    {
        var layout = model.Layout;
        string disk = layout.DiskName(name);
        if (model.Store is { } store && store.Holds(disk)) return (disk, store.Read(disk));
        var value = parameter.detach();
        if (model.StoredTransposed(name)) value = value.t();
        return (disk, value.to_type(layout.DTypeOf(disk).ScalarType).cpu().contiguous());
    }

    static void WriteCompanions(CausalLM model, string staging)
    {
        if (model.SourceDirectory is { } source) CopyCompanionFiles(source, staging);
        WriteConfigIfChanged(model, staging);
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
