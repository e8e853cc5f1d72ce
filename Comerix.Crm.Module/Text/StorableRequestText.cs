using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Text;

/// <summary>
/// The edge: every query-string value, route value, form value and uploaded file name of a request is checked once,
/// with <see cref="StorableText"/>'s rule, before any page or endpoint runs. A search for "a%00" would otherwise reach
/// PostgreSQL, which answers a NUL in text with an error (a 500), while SQLite just finds nothing.
/// </summary>
internal static class StorableRequestText
{
    /// <summary>What is wrong, naming the parameter ("the query parameter 'q' contains a NUL character"), or null.</summary>
    public static async Task<string?> ProblemAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (AddressProblem(request) is { } addressProblem)
        {
            return addressProblem;
        }
        if (!request.HasFormContentType)
        {
            return null;
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            // ASP.NET refuses a NUL in a URL-encoded form itself ("The form value contains invalid characters"),
            // without naming the field; said here, rather than as the antiforgery check's anonymous 400.
            return $"the form could not be read ({ex.Message.TrimEnd('.')})";
        }
        foreach (var (name, values) in form)
        {
            if (Problem("form field", name, values) is { } problem)
            {
                return problem;
            }
        }
        foreach (var file in form.Files)
        {
            if (StorableText.Problem(file.FileName) is { } problem)
            {
                return $"the name of the uploaded file '{Printable(file.Name)}' {problem}";
            }
        }
        return null;
    }

    /// <summary>What is wrong with a query parameter or a route value, or null; the body is not read.</summary>
    public static string? AddressProblem(HttpRequest request)
    {
        foreach (var (name, values) in request.Query)
        {
            if (Problem("query parameter", name, values) is { } problem)
            {
                return problem;
            }
        }
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && StorableText.Problem(text) is { } problem)
            {
                return $"the address part '{Printable(name)}' {problem}";
            }
        }
        return null;
    }

    private static string? Problem(string what, string name, Microsoft.Extensions.Primitives.StringValues values)
    {
        if (StorableText.Problem(name) is { } nameProblem)
        {
            return $"the name of a {what} {nameProblem}";
        }
        foreach (var value in values)
        {
            if (value is not null && StorableText.Problem(value) is { } problem)
            {
                return $"the {what} '{Printable(name)}' {problem}";
            }
        }
        return null;
    }

    /// <summary>A name as it may be shown back: short, and without control characters.</summary>
    private static string Printable(string name) =>
        new(name.Take(60).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());
}
