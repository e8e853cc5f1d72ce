using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Comerix.Crm.Data.Search;

/// <summary>
/// Functions for LINQ queries over stored text that both databases answer the same way. They run only inside a
/// query: SQLite's are its own <c>CAST</c> and <c>json_extract</c>; PostgreSQL's are functions the
/// <c>Segments</c> migration creates, guarded so that a value of another shape reads as null instead of failing
/// the whole query (PostgreSQL may test a row's value before the predicate that picks the field).
/// </summary>
public static class CrmSqlFunctions
{
    /// <summary>A custom field's canonical number text as a number; null for anything else.</summary>
    public static double? Number(string? value) => throw new InvalidOperationException("CrmSqlFunctions.Number runs only in a database query.");

    /// <summary>The event's name as its payload keeps it (<c>"event"</c>, a Segment track's or a native event's name); null when none.</summary>
    public static string? EventName(string? payloadJson) => throw new InvalidOperationException("CrmSqlFunctions.EventName runs only in a database query.");

    internal const string PostgresNumber = "crm_number";
    internal const string PostgresEventName = "crm_event_name";

    internal static void Map(ModelBuilder modelBuilder, bool postgres)
    {
        var number = modelBuilder.HasDbFunction(typeof(CrmSqlFunctions).GetMethod(nameof(Number))!);
        var eventName = modelBuilder.HasDbFunction(typeof(CrmSqlFunctions).GetMethod(nameof(EventName))!);
        if (postgres)
        {
            number.HasName(PostgresNumber);
            eventName.HasName(PostgresEventName);
            return;
        }
        // SQLite reads a number from text with CAST (any text becomes a number, so no guard is needed) and has JSON built in.
        number.HasTranslation(args => new SqlUnaryExpression(ExpressionType.Convert, args[0], typeof(double), new DoubleTypeMapping("REAL")));
        var text = new StringTypeMapping("TEXT", System.Data.DbType.String);
        eventName.HasTranslation(args => new SqlFunctionExpression("json_extract", [args[0], new SqlConstantExpression("$.event", typeof(string), text)],
            nullable: true, argumentsPropagateNullability: [true, false], typeof(string), text));
    }
}
