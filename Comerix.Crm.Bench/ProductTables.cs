using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Comerix.Crm.Bench;

/// <summary>A table of the product's schema and the columns a row of it is written with.</summary>
internal sealed record ProductTable(string Name, IReadOnlyList<string> Columns);

internal static class ProductTables
{
    /// <summary>
    /// Every table of the model, principal tables before those whose foreign keys point at them, so rows loaded in
    /// this order never wait for their contact. Read from the EF Core model, not written out here, so the indexed
    /// limit follows the schema as it changes. Tables the model does not map (the search index the triggers fill)
    /// are left to the triggers, as on the site.
    /// </summary>
    public static IReadOnlyList<ProductTable> InLoadOrder(CrmDatabase database)
    {
        using var db = database.CreateDbContext();
        var tables = db.Model.GetRelationalModel().Tables.ToList();
        var ordered = new List<ITable>();
        void Visit(ITable table)
        {
            if (ordered.Contains(table))
            {
                return;
            }
            foreach (var principal in table.ForeignKeyConstraints.Select(fk => fk.PrincipalTable).Where(p => p != table))
            {
                Visit(principal);
            }
            ordered.Add(table);
        }
        tables.ForEach(Visit);
        return ordered
            .Select(t => new ProductTable(t.Name, t.Columns.Where(c => c.ComputedColumnSql is null).Select(c => c.Name).ToList()))
            .ToList();
    }
}
