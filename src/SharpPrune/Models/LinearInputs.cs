using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// How decoder layers apply their linears, so a caller can observe each linear's input (the
/// pruning walker's calibration capture). TorchSharp's forward hooks fire only through
/// <c>Module.call</c> and are registered on the module for every thread; these observers are per
/// thread, so forwards running concurrently (tests, a server) never see each other's captures.
/// </summary>
public static class LinearInputs
{
    [ThreadStatic] static Dictionary<Linear, Action<Tensor>>? observers;

    public static Tensor Apply(Linear linear, Tensor input)
    {
        if (observers is not null && observers.TryGetValue(linear, out var observe)) observe(input);
        return linear.forward(input);
    }

    /// <summary>Calls each observer with its linear's input until the returned handle is disposed.</summary>
    public static IDisposable Observe(IReadOnlyDictionary<Linear, Action<Tensor>> byLinear)
    {
        var previous = observers;
        observers = new Dictionary<Linear, Action<Tensor>>(byLinear);
        return new Restore(previous);
    }

    sealed class Restore(Dictionary<Linear, Action<Tensor>>? previous) : IDisposable
    {
        public void Dispose() => observers = previous;
    }
}
