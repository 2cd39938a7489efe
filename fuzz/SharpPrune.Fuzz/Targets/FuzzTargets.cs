namespace SharpPrune.Fuzz.Targets;

public static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
        [new SafetensorsTarget(), new ConfigTarget(), new TokenizerTarget(), new IndexTarget(), new JsonlTarget(), new DomainTarget(), new SuiteTarget(), new GgufTarget()];

    public static IFuzzTarget ByName(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown target '{name}' (known: {string.Join(", ", All.Select(t => t.Name))}, all)");
}
