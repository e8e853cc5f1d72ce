using System.Net;
using Comerix.Crm.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>The demo storefront raises events through the sink: a visitor who chats, fills in the form and buys is one contact.</summary>
public sealed class StorefrontTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AVisitorWhoChatsThenSubmitsTheFormThenBuysIsOneContact()
    {
        site.StartServer();
        using var visitor = new SiteClient(site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), "");
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.PostFormAsync("/demo", "/demo?handler=chat", new()
        {
            ["Chat.Name"] = "Vera Visitor",
            ["Chat.Message"] = "Do you ship mugs to Norway?",
        })).StatusCode);
        var storefront = await visitor.GetPageAsync("/demo");
        Assert.Contains("Do you ship mugs to Norway?", storefront.QuerySelector("[data-testid=chat-transcript]")!.TextContent);
        await visitor.PostFormAsync("/demo", "/demo?handler=chat", new() { ["Chat.Message"] = "And to Svalbard?" });

        Assert.Equal(HttpStatusCode.Redirect, (await visitor.PostFormAsync("/demo", "/demo?handler=form", new()
        {
            ["Form.Name"] = "Vera Visitor",
            ["Form.Email"] = "Vera@Fjord.test",
            ["Form.Company"] = "Fjord AS",
            ["Form.Message"] = "Wholesale prices?",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.PostFormAsync("/demo", "/demo?handler=order", new()
        {
            ["Order.Email"] = "vera@fjord.test",
            ["Order.Quantity"] = "2",
        })).StatusCode);
        Assert.Contains("Order placed: 2 × Comerix mug", (await visitor.GetPageAsync("/demo")).QuerySelector(".alert-success")!.TextContent);

        await using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var owner = await db.Identifiers.Where(i => i.TenantId == "Default" && i.Type == "email" && i.Value == "vera@fjord.test").Select(i => i.ContactId).SingleAsync();
        var contact = await db.Contacts.SingleAsync(c => c.TenantId == "Default" && c.Id == owner);
        Assert.Equal("Vera Visitor", contact.DisplayName);
        Assert.Equal("Fjord AS", contact.Company);
        Assert.Equal("Chat", contact.Source);
        var activities = await db.Activities.Where(a => a.TenantId == "Default" && a.ContactId == owner).OrderBy(a => a.Id).Select(a => a.Type).ToListAsync();
        Assert.Equal(["conversation", "conversation", "form", "conversion"], activities);
        var order = await db.Activities.SingleAsync(a => a.TenantId == "Default" && a.ContactId == owner && a.Type == "conversion");
        Assert.Equal(48.00m, order.ConversionValue);
        Assert.Equal("EUR", order.Currency);
        Assert.Equal(2, await db.ContactLinks.CountAsync(l => l.TenantId == "Default" && l.ContactId == owner));
    }

    [Fact]
    public async Task AnEmptyFormIsShownBackWithTheProblemAndSendsNothing()
    {
        site.StartServer();
        using var visitor = new SiteClient(site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), "");
        var before = await site.StoredEventCountAsync();
        var response = await visitor.PostFormAsync("/demo", "/demo?handler=form", new() { ["Form.Name"] = "No Contact Details" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Leave an email or a phone number", (await visitor.ReadAsync(response)).QuerySelector("[data-valmsg-for='Form.Email']")!.TextContent);
        Assert.Equal(before, await site.StoredEventCountAsync());
    }
}
