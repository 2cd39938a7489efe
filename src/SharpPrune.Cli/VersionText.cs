using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using System.Text.Json;

namespace SharpPrune.Cli;

/// <summary>
/// <c>sharpprune --version</c>: the tool's version and the native builds it runs on — the libtorch package (its
/// variant names CPU or CUDA and the platform) and llama.cpp's — read from the deps file the tool was built with,
/// so it says what was shipped without loading either library.
/// </summary>
internal sealed class VersionText : SynchronousCommandLineAction
{
    public static void Install(RootCommand root) =>
        root.Options.OfType<VersionOption>().Single().Action = new VersionText();

    public override int Invoke(ParseResult parseResult)
    {
        Console.WriteLine(Describe());
        return 0;
    }

    static string Describe()
    {
        var assembly = Assembly.GetExecutingAssembly();
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var libraries = DepsLibraries();
        string Named(string prefix) => libraries.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) ?? $"{prefix.TrimEnd('-', '/')} (not found)";
        return $"sharpprune {version}; {Named("libtorch-").Replace('/', ' ')} (TorchSharp {Named("TorchSharp/").Split('/')[^1]}); " +
               $"llama.cpp from {Named("LLamaSharp/").Replace('/', ' ')} (CPU backend)";
    }

    static IReadOnlyList<string> DepsLibraries()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "sharpprune.deps.json");
        if (!File.Exists(path)) return [];
        using var deps = JsonDocument.Parse(File.ReadAllText(path));
        return deps.RootElement.TryGetProperty("libraries", out var libraries)
            ? libraries.EnumerateObject().Select(p => p.Name).ToList()
            : [];
    }
}
