using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Comerix.Crm.Settings;

/// <summary>
/// A list set in configuration replaces the option's default list. The configuration binder adds the configured items
/// to the list already there, so <c>Crm:Resolution:Priority</c> came after the six default types and changed nothing.
/// Dictionaries are left as bound: a configured key overrides that key's default and keeps the others
/// (<c>Crm:Resolution:MaxPerContact:email</c> changes the e-mail limit only).
/// </summary>
internal static class ConfiguredLists
{
    /// <summary>Runs after the binder: every list-valued property with configured items becomes exactly those items.</summary>
    public static void Replace(IConfiguration section, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || !property.CanWrite || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var type = property.PropertyType;
            var child = section.GetSection(property.Name);
            if (IsList(type))
            {
                if (child.GetChildren().Any())
                {
                    property.SetValue(options, child.Get(type));
                }
            }
            else if (IsOptionsGroup(type) && property.GetValue(options) is { } group)
            {
                Replace(child, group);
            }
        }
    }

    // byte[] (the audit key) is one base64 value, not a list of items.
    private static bool IsList(Type type) =>
        type != typeof(string) && type != typeof(byte[]) && typeof(IList).IsAssignableFrom(type);

    /// <summary>The module's own nested option classes (Resolution, Api, Webhooks…).</summary>
    private static bool IsOptionsGroup(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("Comerix.Crm", StringComparison.Ordinal) == true;
}
