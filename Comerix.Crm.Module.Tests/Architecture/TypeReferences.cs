using System.Reflection;
using System.Reflection.Emit;

namespace Comerix.Crm.Tests.Architecture;

/// <summary>
/// Which types a type uses: its signatures and every type, method and field token in its method bodies (IL), so a
/// dependency hidden inside a method (a <c>new</c>, a static call, a cast) counts as much as one in a signature.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static
        | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? used)
        {
            if (used is null)
            {
                return;
            }
            if (used.HasElementType)
            {
                Add(used.GetElementType());
                return;
            }
            if (used.IsGenericType && !used.IsGenericTypeDefinition)
            {
                foreach (var argument in used.GetGenericArguments())
                {
                    Add(argument);
                }
                used = used.GetGenericTypeDefinition();
            }
            if (!used.IsGenericParameter)
            {
                found.Add(used);
            }
        }

        Add(type.BaseType);
        foreach (var contract in type.GetInterfaces())
        {
            Add(contract);
        }
        foreach (var field in type.GetFields(Declared))
        {
            Add(field.FieldType);
        }
        foreach (var property in type.GetProperties(Declared))
        {
            Add(property.PropertyType);
        }
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }
            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }
            foreach (var used in InBody(method))
            {
                Add(used);
            }
        }
        return found;
    }

    private static IEnumerable<Type> InBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            var value = (short)il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }
            if (!OpCodesByValue.TryGetValue(value, out var code))
            {
                yield break; // an opcode this reader does not know: stop rather than misread the rest
            }
            var operandSize = OperandSize(code, il, position);
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var member = Resolve(method.Module, BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                if (member is Type usedType)
                {
                    yield return usedType;
                }
                else if (member?.DeclaringType is { } declaring)
                {
                    yield return declaring;
                }
            }
            position += operandSize;
        }
    }

    /// <summary>The string literals a method loads (<c>ldstr</c>), constants folded in by the compiler included.</summary>
    public static IEnumerable<string> StringsIn(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        var position = 0;
        while (il is not null && position < il.Length)
        {
            var value = (short)il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }
            if (!OpCodesByValue.TryGetValue(value, out var code))
            {
                yield break;
            }
            if (code == OpCodes.Ldstr)
            {
                yield return method.Module.ResolveString(BitConverter.ToInt32(il, position));
            }
            position += OperandSize(code, il, position);
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            return null; // a token into a generic context this reader cannot supply; the signature scan still sees the type
        }
    }

    private static int OperandSize(OpCode code, byte[] il, int position) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
        _ => 4,
    };
}
