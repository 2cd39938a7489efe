namespace SharpPrune.Tests.Streaming;

/// <summary>
/// Tests that load models stored or streamed, which build them on the meta device by switching TorchSharp's process-wide
/// default device for a moment: they run alone, after the parallel tests, so no other test's tensors land on the meta device.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetaConstruction
{
    public const string Name = "meta construction";
}
