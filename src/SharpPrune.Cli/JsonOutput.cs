using System.Text.Json;

namespace SharpPrune.Cli;

/// <summary>One JSON style for every --json output: snake_case keys, one line.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
