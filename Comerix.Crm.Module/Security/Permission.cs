namespace Comerix.Crm.Security;

/// <summary>
/// A named right a role can be granted. A permission is also held by anyone holding one of
/// <see cref="ImpliedBy"/> (manage implies view), the way Orchard Core permissions work.
/// </summary>
public sealed class Permission(string name, string description, params Permission[] impliedBy)
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public IReadOnlyList<Permission> ImpliedBy { get; } = impliedBy;

    /// <summary>This permission and every permission that implies it, transitively.</summary>
    public IEnumerable<Permission> WithImplyingPermissions()
    {
        yield return this;
        foreach (var implying in ImpliedBy.SelectMany(p => p.WithImplyingPermissions()))
        {
            yield return implying;
        }
    }

    public override string ToString() => Name;
}

/// <summary>A role name and the permissions a recipe grants it by default.</summary>
public sealed record PermissionStereotype(string RoleName, IReadOnlyList<Permission> Permissions);
