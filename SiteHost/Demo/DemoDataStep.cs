using System.Text.Json;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Recipes;
using Comerix.Crm.Resolution;
using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Demo;

/// <summary>
/// <c>{ "name": "demo-data", "people": 2500, "seed": 7 }</c>: a realistic history for every screen. Returning
/// anonymous visitors, chats (stored in the demo chat store), form submissions (in the demo form store),
/// conversions with verified customer ids, and people who chatted anonymously and identified later, whom the
/// engine merges. A few forms tie two known people together on evidence too weak to merge them, so Matching → Merge
/// review has pairs to try (<see cref="Reviews"/>). Event and record ids derive from the seed, so applying it again
/// adds nothing.
/// </summary>
internal sealed class DemoDataStep(IdentityEngine engine, SiteDbContext db, TimeProvider time) : IRecipeStepHandler
{
    public string StepName => "demo-data";

    /// <summary>How many pairs the demo leaves waiting in Merge review (fewer for a demo too small to pair that many).</summary>
    public const int Reviews = 5;

    public IEnumerable<string> Validate(JsonElement step)
    {
        if (JsonStep(step, "people") is not (>= 1 and <= 100_000))
        {
            yield return "\"people\" must be a number from 1 to 100000";
        }
        if (step.TryGetProperty("seed", out _) && JsonStep(step, "seed") is null)
        {
            yield return "\"seed\" must be a whole number";
        }
    }

    private static int? JsonStep(JsonElement step, string property) => Recipes.JsonStep.Int(step, property);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var people = JsonStep(context.Step, "people")!.Value;
        var seed = JsonStep(context.Step, "seed") ?? 1;
        var random = new Random(seed);
        // Anchored to today so the demo looks current; the ids, not the times, make re-application a no-op.
        var today = time.GetUtcNow().UtcDateTime.Date;
        var events = new List<CrmEvent>();
        var conversations = new List<DemoConversation>();
        var forms = new List<DemoFormSubmission>();
        var identified = new List<(DemoPeople.Person Person, CrmEvent Form)>();
        for (var i = 0; i < people; i++)
        {
            var person = DemoPeople.Create(random, i);
            var start = today.AddDays(-random.Next(3, 60)).AddMinutes(random.Next(0, 1440));
            var script = new PersonScript(person, $"demo{seed}-{i}", random, start, time.GetUtcNow().UtcDateTime, context.TenantId);
            if (script.Write(events, conversations, forms) is { } form)
            {
                identified.Add((person, form));
            }
        }
        AddReviews(identified, $"demo{seed}", events, forms, time.GetUtcNow().UtcDateTime, context.TenantId);

        var existing = await db.DemoConversations.Select(c => c.Id).ToListAsync(cancellationToken);
        db.DemoConversations.AddRange(conversations.ExceptBy(existing, c => c.Id));
        var existingForms = await db.DemoFormSubmissions.Select(f => f.Id).ToListAsync(cancellationToken);
        db.DemoFormSubmissions.AddRange(forms.ExceptBy(existingForms, f => f.Id));
        await db.SaveChangesAsync(cancellationToken);

        var outcomes = new Dictionary<IngestOutcome, int>();
        foreach (var chunk in events.OrderBy(e => e.OccurredAt).Chunk(500))
        {
            foreach (var result in await engine.IngestBatchAsync(context.TenantId, chunk, cancellationToken))
            {
                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            }
        }
        context.Log($"  {people} people, {events.Count} events: " + string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}")));
    }

    /// <summary>
    /// Pairs of people who both filled in the form (so both are known), the second with a phone: a form with the first
    /// one's email and the second one's phone (a colleague's line, typed in as their own). Two identified contacts
    /// and unverified claims: the engine queues the pair for a person to decide instead of merging. After both forms.
    /// </summary>
    private static void AddReviews(List<(DemoPeople.Person Person, CrmEvent Form)> identified, string key, List<CrmEvent> events,
        List<DemoFormSubmission> forms, DateTime now, string tenantId)
    {
        var pairs = identified.Chunk(2).Where(p => p.Length == 2 && p[1].Person.Phone is not null).Take(Reviews).ToList();
        for (var r = 0; r < pairs.Count; r++)
        {
            var (first, second) = (pairs[r][0], pairs[r][1]);
            var after = first.Form.OccurredAt > second.Form.OccurredAt ? first.Form.OccurredAt : second.Form.OccurredAt;
            var at = new DateTimeOffset(Min(after.UtcDateTime.AddHours(2), now.AddMinutes(-1)), TimeSpan.Zero);
            var formId = $"f-{key}-review-{r}";
            events.Add(new CrmEvent
            {
                Id = $"{key}-review-{r}",
                Type = "form",
                OccurredAt = at,
                Claims = [new(IdentifierTypes.Email, first.Person.Email), new(IdentifierTypes.Phone, second.Person.Phone!)],
                Record = new SourceRecordRef(RecordKinds.Form, formId),
                Traits = new Dictionary<string, string> { ["name"] = first.Person.Name },
            });
            forms.Add(new DemoFormSubmission
            {
                TenantId = tenantId, Id = formId, FormName = "Request a demo",
                Name = first.Person.Name, Email = first.Person.Email, Phone = second.Person.Phone,
                Message = "Please call me on this number, it's the office line.", SubmittedAt = at.UtcDateTime,
            });
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>One person's story, drawn from the shared random source.</summary>
    private sealed class PersonScript(DemoPeople.Person person, string key, Random random, DateTime start, DateTime now, string tenantId)
    {
        private int _n;
        private DateTime _at = start;

        /// <returns>The person's form event, when they filled in the form (and so are identified); else null.</returns>
        public CrmEvent? Write(List<CrmEvent> events, List<DemoConversation> conversations, List<DemoFormSubmission> forms)
        {
            var visitor = new IdentityClaim(IdentifierTypes.VisitorId, $"v-{key}");
            var identifies = random.NextDouble() < 0.55;
            // Half browse before they do anything else; the others arrive straight into a chat or a form.
            for (var v = random.NextDouble() < 0.5 ? random.Next(1, 6) : 0; v > 0; v--)
            {
                events.Add(Event("telemetry", [visitor], payload: new { page = DemoPeople.Pages[random.Next(DemoPeople.Pages.Length)] }));
            }
            var chats = random.NextDouble() < 0.4;
            if (chats)
            {
                var id = $"c-{key}";
                var gaveEmail = identifies && random.NextDouble() < 0.5;
                var question = DemoPeople.Questions[random.Next(DemoPeople.Questions.Length)];
                List<IdentityClaim> claims = [visitor, new(IdentifierTypes.ConversationId, id)];
                if (gaveEmail)
                {
                    claims.Add(new(IdentifierTypes.Email, person.Email));
                }
                // The event first: the transcript starts when the timeline says the chat did.
                var chat = Event("conversation", claims, record: new SourceRecordRef(RecordKinds.Conversation, id),
                    traits: gaveEmail ? new() { ["name"] = person.FirstName } : null);
                events.Add(chat);
                conversations.Add(new DemoConversation
                {
                    TenantId = tenantId, Id = id, StartedAt = chat.OccurredAt.UtcDateTime, VisitorName = gaveEmail ? person.FirstName : null,
                    Email = gaveEmail ? person.Email : null,
                    Transcript = $"visitor: {question}\nagent: Happy to help! Could I have your email in case we get cut off?\n" +
                        (gaveEmail ? $"visitor: Sure, it's {person.Email}" : "visitor: I'd rather not, thanks."),
                });
            }
            if (!identifies)
            {
                return null;
            }
            // Some people come back on another device: a fresh anonymous trace that the form below folds in.
            var device = random.NextDouble() < 0.2 ? new IdentityClaim(IdentifierTypes.VisitorId, $"v2-{key}") : visitor;
            if (device != visitor)
            {
                events.Add(Event("telemetry", [device], payload: new { page = "/pricing" }));
            }
            var formId = $"f-{key}";
            var formName = random.NextDouble() < 0.5 ? "Contact us" : "Request a demo";
            List<IdentityClaim> formClaims = [device, new(IdentifierTypes.Email, person.Email)];
            if (person.Phone is not null)
            {
                formClaims.Add(new(IdentifierTypes.Phone, person.Phone));
            }
            var traits = new Dictionary<string, string> { ["name"] = person.Name };
            if (person.Company is not null)
            {
                traits["company"] = person.Company;
            }
            var form = Event("form", formClaims, record: new SourceRecordRef(RecordKinds.Form, formId), traits: traits);
            events.Add(form);
            forms.Add(new DemoFormSubmission
            {
                TenantId = tenantId, Id = formId, FormName = formName,
                Name = person.Name, Email = person.Email, Phone = person.Phone, Company = person.Company,
                Message = "I'd like to know more about your plans.", SubmittedAt = form.OccurredAt.UtcDateTime,
            });
            for (var c = random.NextDouble() < 0.4 ? random.Next(1, 4) : 0; c > 0; c--)
            {
                events.Add(Event("conversion",
                    [new(IdentifierTypes.CustomerId, $"cus-{key}", Verified: true), new(IdentifierTypes.Email, person.Email, Verified: true)],
                    conversion: new ConversionValue(Math.Round((decimal)(19 + random.NextDouble() * 480), 2), "USD")));
            }
            for (var v = random.Next(0, 4); v > 0; v--)
            {
                events.Add(Event("telemetry", [device], payload: new { page = DemoPeople.Pages[random.Next(DemoPeople.Pages.Length)] }));
            }
            return form;
        }

        private CrmEvent Event(string type, IReadOnlyList<IdentityClaim> claims, SourceRecordRef? record = null,
            Dictionary<string, string>? traits = null, ConversionValue? conversion = null, object? payload = null)
        {
            _at = _at.AddMinutes(random.Next(3, 60 * 12));
            return new CrmEvent
            {
                Id = $"{key}-{_n++}",
                Type = type,
                OccurredAt = new DateTimeOffset(Min(_at, now.AddMinutes(-5)), TimeSpan.Zero),
                Claims = claims,
                Record = record,
                Traits = traits,
                Conversion = conversion,
                PayloadJson = payload is null ? null : JsonSerializer.Serialize(payload),
            };
        }
    }
}
