using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Tests.Infrastructure;

/// <summary>Terse builders so a test reads as the story it tells.</summary>
public static class Events
{
    public static readonly DateTimeOffset Day1 = new(2026, 10, 1, 10, 0, 0, TimeSpan.Zero);

    public static IdentityClaim Email(string value, bool verified = false) => new(IdentifierTypes.Email, value, verified);
    public static IdentityClaim Phone(string value, bool verified = false) => new(IdentifierTypes.Phone, value, verified);
    public static IdentityClaim CustomerId(string value, bool verified = true) => new(IdentifierTypes.CustomerId, value, verified);
    public static IdentityClaim Visitor(string value, bool verified = false) => new(IdentifierTypes.VisitorId, value, verified);
    public static IdentityClaim Conversation(string value, bool verified = false) => new(IdentifierTypes.ConversationId, value, verified);
    public static IdentityClaim External(string value, bool verified = false) => new(IdentifierTypes.ExternalRef, value, verified);

    public static CrmEvent Chat(string id, DateTimeOffset at, params IdentityClaim[] claims) => Make(id, "conversation", at, claims);
    public static CrmEvent Form(string id, DateTimeOffset at, params IdentityClaim[] claims) => Make(id, "form", at, claims);
    public static CrmEvent Telemetry(string id, DateTimeOffset at, params IdentityClaim[] claims) => Make(id, "telemetry", at, claims);
    public static CrmEvent Conversion(string id, DateTimeOffset at, decimal value, params IdentityClaim[] claims) =>
        Make(id, "conversion", at, claims) with { Conversion = new ConversionValue(value, "EUR") };

    public static CrmEvent Make(string id, string type, DateTimeOffset at, params IdentityClaim[] claims) =>
        new() { Id = id, Type = type, OccurredAt = at, Claims = claims };
}
