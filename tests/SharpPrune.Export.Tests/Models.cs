using SharpPrune.Tests;

namespace SharpPrune.Export.Tests;

static class Models
{
    public static string Stories => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    public static string Testbed => Path.Combine(RepoPaths.Root, "models", "testbed");

    public static string Brown => Path.Combine(RepoPaths.Shared, "data", "general", "brown.jsonl");
}
