namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// One row of a labelled file: a record as some system held it, and the person (<see cref="ClusterId"/>) it really is.
/// Records of one cluster are one person written differently; records of different clusters are different people,
/// however alike.
/// </summary>
internal sealed record LabelledRecord(
    string RecordId, string ClusterId, string FirstName, string LastName, string Email, string Phone, string Company,
    string BirthDate, string Postcode, string City, string Street)
{
    /// <summary>The generated file's header, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["record_id", "cluster_id", "first_name", "last_name", "email", "phone", "company", "birth_date", "postcode", "city", "street"];

    public IEnumerable<string> Values() =>
        [RecordId, ClusterId, FirstName, LastName, Email, Phone, Company, BirthDate, Postcode, City, Street];
}
