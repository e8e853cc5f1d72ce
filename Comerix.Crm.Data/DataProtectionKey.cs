namespace Comerix.Crm.Data;

/// <summary>
/// One key of ASP.NET Core's data-protection key ring (what signs the sign-in cookie and protects webhook secrets), as
/// the key ring writes it: an XML element under a unique name. Kept in the database so every site process on one
/// PostgreSQL database reads the same ring (<see cref="CrmDataProtectionKeys"/>); the element is stored encrypted by
/// whoever stores it, never as the key ring wrote it.
/// </summary>
internal sealed class DataProtectionKey
{
    public required string Name { get; set; }
    public required string Element { get; set; }
    public DateTime CreatedAt { get; set; }
}
