namespace Comerix.Crm.Data;

public static class CrmDatabaseProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}
