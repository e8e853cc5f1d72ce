using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Navigation;

/// <summary>
/// One admin menu entry. <see cref="Href"/> is app-relative ("~" + <see cref="CrmOptions.AdminPath"/>) so it follows the tenant's prefix.
/// The entry is shown only to users who hold <see cref="Permission"/>, on tenants where <see cref="Feature"/> is enabled.
/// <see cref="Badge"/>, when set, counts what waits behind the entry (shown when above zero).
/// </summary>
public sealed record NavigationItem(
    string Group, string Text, string Href, string Permission, int Position = 0, string? Icon = null, string? Feature = CrmFeatures.Customers,
    Func<HttpContext, Task<int>>? Badge = null);
