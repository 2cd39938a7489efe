using LLama.Native;

namespace SharpPrune.LlamaCpp;

/// <summary>
/// Loads llama.cpp (LLamaSharp's CPU backend) once, with its log routed here instead of stderr: llama.cpp logs every
/// tensor it loads or quantizes, which would bury SharpPrune's one-line results. Warnings and errors are kept so a
/// failure can be reported with llama.cpp's own words.
/// </summary>
public static class LlamaCppRuntime
{
    static readonly Lock Gate = new();
    static readonly List<string> Problems = [];
    static bool configured;

    public static void Ensure()
    {
        lock (Gate)
        {
            if (configured) return;
            NativeLibraryConfig.All.WithLogCallback((level, message) =>
            {
                if (level is LLamaLogLevel.Warning or LLamaLogLevel.Error)
                    lock (Problems) Problems.Add(message.TrimEnd());
            });
            NativeApi.llama_empty_call();
            configured = true;
        }
    }

    /// <summary>The last warning or error llama.cpp logged, if any.</summary>
    public static string? LastProblem
    {
        get { lock (Problems) return Problems.Count > 0 ? Problems[^1] : null; }
    }
}
