using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// Puts a new <see cref="Parameter"/> in place of a module's own, for models built on the meta device (shapes without
/// storage) so a checkpoint far larger than memory can be bound without allocating every weight in float32 first.
/// A meta tensor can neither be copied out nor given CPU storage in place (libtorch refuses both), so the parameter
/// object itself is replaced, as TorchSharp's own <c>Module.to</c> does: through the module's settable property
/// (Linear, Embedding, LayerNorm) or, for modules that keep the parameter in a field (RmsNorm), the field and the
/// module's registration of it.
/// </summary>
static class ParameterSlot
{
    static readonly MethodInfo Register = typeof(nn.Module).GetMethod("ConditionallyRegisterParameter", BindingFlags.Instance | BindingFlags.NonPublic,
        [typeof(string), typeof(Tensor)]) ?? throw new InvalidOperationException("TorchSharp's Module has no ConditionallyRegisterParameter(string, Tensor)");

    /// <summary>Replaces every parameter of <paramref name="model"/> by <paramref name="replacement"/>(its full name, the old parameter).</summary>
    public static void ReplaceAll(nn.Module model, Func<string, Parameter, Parameter> replacement)
    {
        foreach (var (moduleName, module) in model.named_modules().Prepend(("", model)).ToList())
        {
            foreach (var (name, old) in module.named_parameters(recurse: false).ToList())
            {
                var replaced = replacement(moduleName.Length == 0 ? name : $"{moduleName}.{name}", old);
                Replace(module, name, replaced);
                old.Dispose();
            }
        }
    }

    static void Replace(nn.Module owner, string name, Parameter replacement)
    {
        var type = owner.GetType();
        var property = type.GetProperty(name, BindingFlags.Instance | BindingFlags.Public);
        if (property is { CanWrite: true } && property.PropertyType.IsAssignableFrom(typeof(Parameter)))
        {
            property.SetValue(owner, replacement);
            return;
        }
        var field = type.GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{type.Name} keeps its parameter '{name}' neither in a settable property nor in a field of that name");
        field.SetValue(owner, replacement);
        Register.Invoke(owner, [name, replacement]);
    }
}
