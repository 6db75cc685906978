using System.Reflection;
using System.Reflection.Emit;
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
    /// Dependencies between Core's features go one way. The gateway reserves quota and records usage through Metering;
    /// Metering stores keys' last use through Keys; Billing invoices Subscriptions, and both reach the payment provider
    /// through the contracts in Payments; the gateway, webhooks and health probes reach outside through Egress.
    /// Read from signatures, fields, locals and the members each method body calls, including those of the compiler's
    /// closures and async state machines.
    /// </summary>
    [Theory]
    [InlineData("TrustVault.Core.Metering", "TrustVault.Core.Gateway")]
    [InlineData("TrustVault.Core.Keys", "TrustVault.Core.Metering")]
    [InlineData("TrustVault.Core.Subscriptions", "TrustVault.Core.Billing")]
    [InlineData("TrustVault.Core.Payments", "TrustVault.Core.Billing")]
    [InlineData("TrustVault.Core.Payments", "TrustVault.Core.Subscriptions")]
    [InlineData("TrustVault.Core.Egress", "TrustVault.Core.Catalog")]
    [InlineData("TrustVault.Core.Egress", "TrustVault.Core.Webhooks")]
    [InlineData("TrustVault.Core.Egress", "TrustVault.Core.Gateway")]
    public void A_core_feature_does_not_depend_on_one_that_depends_on_it(string feature, string dependent)
    {
        Assert.Empty(Uses(typeof(TrustVaultDbContext).Assembly, feature, dependent));
    }

    /// <summary>The web layer's features meet in Core, not in each other: webhook delivery once borrowed the gateway's client.</summary>
    [Theory]
    [InlineData("TrustVault.Web.Webhooks", "TrustVault.Web.Gateway")]
    [InlineData("TrustVault.Web.Jobs", "TrustVault.Web.Gateway")]
    public void A_web_feature_does_not_reach_into_another(string feature, string other)
    {
        Assert.Empty(Uses(typeof(Program).Assembly, feature, other));
    }

    /// <summary>The scan sees a type used only inside a synchronous method body (here, a static call in <see cref="OperandSize"/>).</summary>
    [Fact]
    public void The_scan_reads_method_bodies()
    {
        Assert.Contains(typeof(BitConverter), Referenced(typeof(LayeringTests)));
    }

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value);

    private static IEnumerable<string> Uses(Assembly assembly, string feature, string dependent) =>
        assembly.GetTypes()
            .Where(t => InFeature(t.Namespace, feature))
            .SelectMany(t => Referenced(t).Where(r => InFeature(r.Namespace, dependent)).Select(r => $"{t.FullName} uses {r.FullName}"))
            .Distinct();

    /// <summary>The feature's namespace or one nested in it (Billing.Stripe is Billing's).</summary>
    private static bool InFeature(string? ns, string feature) =>
        ns is not null && (ns == feature || ns.StartsWith(feature + ".", StringComparison.Ordinal));

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
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }

            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            direct.AddRange(InBody(method));
        }

        return direct.SelectMany(Unwrapped);
    }

    /// <summary>The types of a method's locals and of every type, field and method its IL names.</summary>
    private static IEnumerable<Type> InBody(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body?.GetILAsByteArray() is not { } il)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(ushort)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            if (code.OperandType is OperandType.InlineType or OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                foreach (var type in Named(member))
                {
                    yield return type;
                }
            }

            at += OperandSize(code.OperandType, il, at);
        }
    }

    private static IEnumerable<Type> Named(MemberInfo? member) => member switch
    {
        Type type => [type],
        FieldInfo field => [field.DeclaringType!, field.FieldType],
        MethodInfo call => [call.DeclaringType!, call.ReturnType, .. call.GetParameters().Select(p => p.ParameterType), .. call.GetGenericArguments()],
        ConstructorInfo constructor => [constructor.DeclaringType!],
        _ => [],
    };

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

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
