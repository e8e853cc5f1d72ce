using System.Text.Json;

namespace Comerix.Crm.Text;

/// <summary>Turns System.Text.Json's messages (which name .NET types) into ones that name the JSON.</summary>
internal static class JsonErrors
{
    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }
        if (cut >= 0)
        {
            message = message[..cut].TrimEnd('.', ' ', '|');
        }
        if (ex.Path is { } path)
        {
            if (message.Contains("could not be mapped", StringComparison.Ordinal))
            {
                return $"{path} is not a field this endpoint knows";
            }
            if (message.Contains("could not be converted to", StringComparison.Ordinal))
            {
                return $"{path} has the wrong type ({ExpectedType(message)})";
            }
            return $"{path}: {message}";
        }
        return message;
    }

    private static string ExpectedType(string message)
    {
        var type = message[(message.LastIndexOf("converted to", StringComparison.Ordinal) + "converted to".Length)..].Trim(' ', '.');
        return type switch
        {
            _ when type.Contains("DateTimeOffset") => "expected an ISO 8601 date-time such as 2026-11-22T10:00:00Z",
            _ when type.Contains("Decimal") || type.Contains("Int") || type.Contains("Double") => "expected a number",
            _ when type.Contains("Boolean") => "expected true or false",
            _ when type.Contains("String") => "expected a string",
            _ when type.Contains("List") || type.Contains("[]") => "expected an array",
            _ => "expected an object",
        };
    }
}
