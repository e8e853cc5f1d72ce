namespace Comerix.SiteHost.Demo;

/// <summary>A chat thread held by the demo chat source. It holds PII, so it has an eraser.</summary>
public sealed class DemoConversation
{
    public required string TenantId { get; set; }
    public required string Id { get; set; }
    public string? VisitorName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateTime StartedAt { get; set; }
    /// <summary>The messages, one per line, "visitor: …" / "agent: …".</summary>
    public required string Transcript { get; set; }
}

/// <summary>A submission held by the demo forms source. It holds PII, so it has an eraser.</summary>
public sealed class DemoFormSubmission
{
    public required string TenantId { get; set; }
    public required string Id { get; set; }
    public required string FormName { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public string? Message { get; set; }
    public DateTime SubmittedAt { get; set; }
}
