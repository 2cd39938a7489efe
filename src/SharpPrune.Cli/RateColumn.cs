using Spectre.Console;
using Spectre.Console.Rendering;

namespace SharpPrune.Cli;

/// <summary>A progress column showing the task's speed in its own unit ("tokens/s"), not bytes.</summary>
internal sealed class RateColumn(string unit) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Spectre.Console.Text(task.Speed is double speed ? $"{speed:N0} {unit}/s" : $"- {unit}/s");
}
