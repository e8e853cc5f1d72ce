namespace Comerix.Crm.Contacts;

/// <summary>
/// One bulk action on many contacts while it runs and after: what it does in words, how many contacts it reaches,
/// how many it has been through, and how it ended. The page that started it shows its progress from here (whichever
/// site process answers), and a run whose process stopped shows as stopped. Kept for a week.
/// </summary>
internal sealed class BulkRun
{
    public required string TenantId { get; set; }

    /// <summary>32 hexadecimal digits, chosen when the confirmation page was shown.</summary>
    public required string Id { get; set; }
    public required string Action { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }

    /// <summary>"running", "done" or "failed".</summary>
    public required string State { get; set; }

    /// <summary>The outcome in words, as the list shows it afterwards.</summary>
    public string? Message { get; set; }
    public required string StartedBy { get; set; }
    public DateTime StartedAt { get; set; }

    /// <summary>When the run last reported: a running run that has not for a while was stopped with its process.</summary>
    public DateTime UpdatedAt { get; set; }
}
