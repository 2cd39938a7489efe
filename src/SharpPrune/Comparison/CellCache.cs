using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.IO;

namespace SharpPrune.Comparison;

/// <summary>
/// Finished measurements of a comparison, one JSON file per cell named by its key (a hash of the model's fingerprint and
/// the cell's definition), so an interrupted comparison resumes where it stopped and a rerun skips what is done. Each
/// file is written atomically: a cell is either complete in the cache or absent.
/// </summary>
public sealed class CellCache(string directory)
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // Model and column names as written ("·", not "\u00B7"): the file is read by people; it is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Directory { get; } = Path.GetFullPath(directory);

    public bool TryGet<T>(string key, out T value)
    {
        value = default!;
        string path = PathOf(key);
        if (!File.Exists(path)) return false;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path))?["value"] is not { } node || node.Deserialize<T>(Options) is not { } stored) return false;
            value = stored;
            return true;
        }
        catch (JsonException)
        {
            // Written atomically by us, so a file that does not parse was edited by hand: measure the cell again
            // (and replace the file) rather than stop the whole comparison.
            return false;
        }
    }

    /// <param name="description">What the cell is ("model · set"), stored beside the value for whoever browses the folder.</param>
    public void Put<T>(string key, string description, T value)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(Directory, $"cannot create the cache folder: {e.Message}");
        }
        var entry = new JsonObject { ["cell"] = description, ["value"] = JsonSerializer.SerializeToNode(value, Options) };
        AtomicFile.Write(PathOf(key), stream => JsonSerializer.Serialize(stream, entry, Options));
    }

    string PathOf(string key) => Path.Combine(Directory, key + ".json");
}
