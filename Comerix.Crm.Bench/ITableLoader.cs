using System.Data.Common;

namespace Comerix.Crm.Bench;

/// <summary>Bulk-loads rows into one database's tables, the fastest way its provider allows.</summary>
internal interface ITableLoader : IAsyncDisposable
{
    DbConnection Connection { get; }

    /// <summary>Writes every row and commits them.</summary>
    Task LoadAsync(TableRows rows);

    /// <summary>Gives the planner the statistics a live site's database has (its autovacuum keeps them), untimed.</summary>
    Task RefreshStatisticsAsync(ProductTable table);
}
