using System.Reflection;
using System.Reflection.Emit;
using TrustVault.Core.Data;
using TrustVault.Web.Gateway;

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

    /// <summary>
    /// The gateway step runs in front of the first-party APIs and knows them only as endpoints under /gw; they know of it
    /// only what it hands them: the caller it names, and the route group it runs in front of. Read from signatures, fields
    /// and method bodies, so that a call such as a problem writer's counts too.
    /// </summary>
    [Fact]
    public void The_gateway_and_the_first_party_apis_do_not_use_each_other()
    {
        var web = typeof(GatewayExtensions).Assembly.GetTypes();
        string[] exposed = [typeof(GatewayCaller).FullName!, typeof(GatewayExtensions).FullName!];

        var gatewayUses = Uses(web, "TrustVault.Web.Gateway", "TrustVault.Web.Api");
        var apiUses = Uses(web, "TrustVault.Web.Api", "TrustVault.Web.Gateway").Where(use => !exposed.Any(e => use.EndsWith($" uses {e}", StringComparison.Ordinal)));

        Assert.Empty(gatewayUses);
        Assert.Empty(apiUses);
    }

    private static IEnumerable<string> Uses(Type[] types, string feature, string other) =>
        types.Where(t => InFeature(t, feature))
            .SelectMany(t => Referenced(t).Concat(UsedInBodies(t)).Where(r => InFeature(r, other)).Select(r => $"{t.FullName} uses {r.FullName}"))
            .Distinct();

    private static bool InFeature(Type type, string feature) =>
        type.Namespace is { } name && (name == feature || name.StartsWith(feature + ".", StringComparison.Ordinal));

    private static readonly Dictionary<short, OpCode> OpCodesByValue =
        typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The declaring types of the methods, fields and types the IL of <paramref name="type"/>'s methods names.</summary>
    private static IEnumerable<Type> UsedInBodies(Type type)
    {
        var used = new List<Type>();
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
            for (var i = 0; i < il.Length;)
            {
                var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
                i += code.Size;
                if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
                {
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), GenericArguments(type), GenericArguments(method));
                    used.Add(member as Type ?? member!.DeclaringType!);
                }

                i += OperandSize(code, il, i);
            }
        }

        return used.SelectMany(Unwrapped);
    }

    private static Type[]? GenericArguments(MemberInfo member) =>
        member switch
        {
            Type { IsGenericType: true } type => type.GetGenericArguments(),
            MethodInfo { IsGenericMethod: true } method => method.GetGenericArguments(),
            _ => null,
        };

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

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
