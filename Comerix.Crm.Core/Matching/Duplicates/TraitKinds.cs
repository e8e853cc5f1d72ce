using System.Globalization;

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>What a "helps find duplicates" trait holds, read from its key: each kind is compared and weighed as what it is.</summary>
internal enum TraitKind
{
    Other,
    BirthDate,
    Postcode,
    Street,
    City,
}

/// <summary>
/// Reads a trait's kind from its key ("birth_date", "dob", "geburtsdatum" are birth dates; "zip", "plz" postcodes) and
/// brings its values to one form: dates written 1984-03-07, 07.03.1984 or 3/7/1984 are one date; "Hauptstr. 5" and
/// "Hauptstraße 5" one street.
/// </summary>
internal static class TraitKinds
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "d.M.yyyy", "dd.MM.yyyy", "yyyyMMdd", "d MMM yyyy", "d MMMM yyyy", "yyyy/MM/dd"];

    public static TraitKind Of(string key)
    {
        var k = TextFolding.Squash(key);
        return k switch
        {
            _ when k.Contains("birth", StringComparison.Ordinal) || k is "dob" or "geburtsdatum" or "geburtstag" or "fechadenacimiento"
                || k.Contains("naissance", StringComparison.Ordinal) => TraitKind.BirthDate,
            _ when k.Contains("postcode", StringComparison.Ordinal) || k.Contains("postal", StringComparison.Ordinal)
                || k.Contains("zip", StringComparison.Ordinal) || k is "plz" or "postleitzahl" or "codepostal" => TraitKind.Postcode,
            _ when k.Contains("street", StringComparison.Ordinal) || k.Contains("address", StringComparison.Ordinal)
                || k.Contains("strasse", StringComparison.Ordinal) || k is "adresse" or "direccion" or "calle" => TraitKind.Street,
            "city" or "town" or "ort" or "stadt" or "ville" or "ciudad" or "wohnort" => TraitKind.City,
            _ => TraitKind.Other,
        };
    }

    /// <summary>
    /// The forms a value is compared in. A date like 3/7/1984 is March 7th in the US and July 3rd elsewhere, so it
    /// stands for both; two values are the same when their forms meet.
    /// </summary>
    public static IReadOnlyList<string> Forms(TraitKind kind, string value) => kind switch
    {
        TraitKind.BirthDate => Dates(value.Trim()),
        TraitKind.Street => Street(value) is { Length: > 0 } street ? [street] : [],
        TraitKind.Postcode => TextFolding.Squash(value) is { Length: > 0 } code ? [code] : [],
        _ => TextFolding.Fold(value) is { Length: > 0 } text ? [text] : [],
    };

    private static List<string> Dates(string value)
    {
        if (DateOnly.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return [date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)];
        }
        var parts = value.Split('/');
        if (parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var first)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var second) && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var year))
        {
            var forms = new List<string>(2);
            AddDate(forms, year, first, second);
            AddDate(forms, year, second, first);
            return forms;
        }
        return TextFolding.Squash(value) is { Length: > 0 } text ? [text] : [];
    }

    private static void AddDate(List<string> forms, int year, int month, int day)
    {
        if (year is > 1000 and < 3000 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            var form = string.Create(CultureInfo.InvariantCulture, $"{year:D4}{month:D2}{day:D2}");
            if (!forms.Contains(form))
            {
                forms.Add(form);
            }
        }
    }

    /// <summary>A street with its common abbreviations spelled one way ("Hauptstr. 5" = "Hauptstraße 5", "Main St" = "Main Street").</summary>
    private static string Street(string value)
    {
        var words = TextFolding.Fold(value).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w switch
        {
            "st" => "street",
            "rd" => "road",
            "ave" or "av" => "avenue",
            "str" => "strasse",
            _ when w.EndsWith("str", StringComparison.Ordinal) => w[..^3] + "strasse",
            _ => w,
        });
        return string.Concat(words);
    }
}
