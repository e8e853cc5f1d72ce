namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// A generated person as they really are, before any system wrote them down. Phones are national significant numbers
/// (German, without the trunk 0): area code and line.
/// </summary>
internal sealed record GeneratedPerson(
    string Given, string Family, DateOnly BirthDate, int City, string Postcode, string Street,
    (string Area, string Line)? Landline, (string Area, string Line)? Mobile, string EmailName, string EmailProvider,
    Company? Employer);

/// <summary>An employer: its name as registered, its mail domain and its switchboard (area code and line).</summary>
internal sealed record Company(string Name, string LegalForm, string Domain, (string Area, string Line) Switchboard);
