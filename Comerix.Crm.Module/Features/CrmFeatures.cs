namespace Comerix.Crm;

/// <summary>The module's feature ids, enabled per tenant by a recipe (Orchard Core's feature manifest, in short).</summary>
public static class CrmFeatures
{
    public const string Customers = "Comerix.Crm";

    public static IReadOnlyList<string> All { get; } = [Customers];
}
