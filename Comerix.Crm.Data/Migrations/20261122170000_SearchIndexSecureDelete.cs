using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// The SQLite full-text index removes a deleted contact's terms at once ("secure-delete"), instead of keeping
/// them under a delete marker until segments merge: an erased person's name, email and phone leave the index.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261122170000_SearchIndexSecureDelete")]
internal sealed class SearchIndexSecureDelete : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql($"INSERT INTO {ContactListSearch.SearchTable}({ContactListSearch.SearchTable}, rank) VALUES ('secure-delete', 1);");
            // Terms already marked deleted are dropped now.
            migrationBuilder.Sql($"INSERT INTO {ContactListSearch.SearchTable}({ContactListSearch.SearchTable}) VALUES ('optimize');");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql($"INSERT INTO {ContactListSearch.SearchTable}({ContactListSearch.SearchTable}, rank) VALUES ('secure-delete', 0);");
        }
    }
}
