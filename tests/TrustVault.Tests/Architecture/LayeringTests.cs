using System.Reflection;
using TrustVault.Core.Data;

namespace TrustVault.Tests.Architecture;

public sealed class LayeringTests
{
    [Theory]
    [InlineData("TrustVault.Web")]
    [InlineData("Microsoft.AspNetCore.Components")]
    [InlineData("Microsoft.AspNetCore.Http")]
    [InlineData("Microsoft.AspNetCore.Mvc")]
    [InlineData("Hangfire")]
    [InlineData("MudBlazor")]
    public void Core_knows_nothing_of_the_web_layer(string forbiddenPrefix)
    {
        var references = typeof(TrustVaultDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");

        Assert.DoesNotContain(references, name => name.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// The gateway reserves quota and records usage through Metering; Metering must not turn back to the gateway.
    /// Read from signatures and fields, including those of the compiler's async state machines, which hold a method's
    /// locals: a type used only inside a synchronous method body is not seen.
    /// </summary>
    [Theory]
    [InlineData("TrustVault.Core.Metering", "TrustVault.Core.Gateway")]
    public void A_core_feature_does_not_depend_on_one_that_depends_on_it(string feature, string dependent)
    {
        var uses = typeof(TrustVaultDbContext).Assembly.GetTypes()
            .Where(t => t.Namespace == feature)
            .SelectMany(t => Referenced(t).Where(r => r.Namespace == dependent).Select(r => $"{t.FullName} uses {r.FullName}"))
            .Distinct();

        Assert.Empty(uses);
    }

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static IEnumerable<Type> Referenced(Type type)
    {
        var direct = new List<Type>();
        direct.AddRange(type.GetInterfaces());
        if (type.BaseType is { } baseType)
        {
            direct.Add(baseType);
        }

        direct.AddRange(type.GetFields(Declared).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(Declared).Select(p => p.PropertyType));
        direct.AddRange(type.GetEvents(Declared).Select(e => e.EventHandlerType!));
        direct.AddRange(type.GetConstructors(Declared).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType));
        foreach (var method in type.GetMethods(Declared))
        {
            direct.Add(method.ReturnType);
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }

        return direct.SelectMany(Unwrapped);
    }

    /// <summary>A type with its element type (arrays, by-ref) and generic arguments, at any depth.</summary>
    private static IEnumerable<Type> Unwrapped(Type type)
    {
        yield return type;
        var parts = type.HasElementType ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
        foreach (var inner in parts.SelectMany(Unwrapped))
        {
            yield return inner;
        }
    }
}
