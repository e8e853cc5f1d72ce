using System.ComponentModel.DataAnnotations;
using Comerix.SiteHost.Demo;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Comerix.SiteHost.Data;

namespace Comerix.SiteHost.Pages.Demo;

/// <summary>
/// A public demo storefront: what a visitor of the site sees. Chat, the contact form and the checkout each
/// raise an event through the CRM's sink; chat, then a form, then an order make one contact.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(DemoStorefront storefront, SiteDbContext db) : PageModel
{
    [BindProperty]
    public ChatInput Chat { get; set; } = new();

    [BindProperty]
    public FormInput Form { get; set; } = new();

    [BindProperty]
    public OrderInput Order { get; set; } = new();

    [TempData]
    public string? Thanks { get; set; }

    public IReadOnlyList<string> Transcript { get; private set; } = [];

    public sealed class ChatInput
    {
        [Display(Name = "Your name")]
        [StringLength(100)]
        public string? Name { get; set; }

        [Display(Name = "Email (optional)")]
        [StringLength(200)]
        public string? Email { get; set; }

        [Display(Name = "Message")]
        [Required(ErrorMessage = "Write a message.")]
        [StringLength(2000)]
        public string? Message { get; set; }
    }

    public sealed class FormInput
    {
        [Display(Name = "Name")]
        [StringLength(100)]
        public string? Name { get; set; }

        [Display(Name = "Email")]
        [StringLength(200)]
        public string? Email { get; set; }

        [Display(Name = "Phone")]
        [StringLength(40)]
        public string? Phone { get; set; }

        [Display(Name = "Company")]
        [StringLength(100)]
        public string? Company { get; set; }

        [Display(Name = "How can we help?")]
        [StringLength(4000)]
        public string? Message { get; set; }
    }

    public sealed class OrderInput
    {
        [Display(Name = "Name")]
        [StringLength(100)]
        public string? Name { get; set; }

        [Display(Name = "Email for the receipt")]
        [Required(ErrorMessage = "An email is needed for the receipt.")]
        [EmailAddress(ErrorMessage = "That does not look like an email address.")]
        [StringLength(200)]
        public string? Email { get; set; }

        [Range(1, 20, ErrorMessage = "Choose a quantity from 1 to 20.")]
        public int Quantity { get; set; } = 1;
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        DemoVisitor.GetOrCreate(HttpContext);
        await LoadTranscriptAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostChatAsync(CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(Chat)))
        {
            await LoadTranscriptAsync(cancellationToken);
            return Page();
        }
        var visitor = DemoVisitor.GetOrCreate(HttpContext);
        var (conversation, _) = await storefront.ChatAsync(visitor, DemoVisitor.OpenConversation(HttpContext), Chat.Message!, Chat.Name, Chat.Email, cancellationToken);
        DemoVisitor.RememberConversation(HttpContext, conversation.Id);
        return RedirectToPage(null, null, null, "chat");
    }

    public async Task<IActionResult> OnPostFormAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Form.Email) && string.IsNullOrWhiteSpace(Form.Phone))
        {
            ModelState.AddModelError("Form.Email", "Leave an email or a phone number so we can answer.");
        }
        if (!IsValid(nameof(Form)))
        {
            await LoadTranscriptAsync(cancellationToken);
            return Page();
        }
        await storefront.SubmitFormAsync(DemoVisitor.GetOrCreate(HttpContext), Form.Name, Form.Email, Form.Phone, Form.Company, Form.Message, cancellationToken);
        Thanks = "Thanks! We will get back to you within a day.";
        return RedirectToPage(null, null, null, "contact");
    }

    public async Task<IActionResult> OnPostOrderAsync(CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(Order)))
        {
            await LoadTranscriptAsync(cancellationToken);
            return Page();
        }
        await storefront.PlaceOrderAsync(DemoVisitor.GetOrCreate(HttpContext), Order.Name, Order.Email!, Order.Quantity, cancellationToken);
        Thanks = $"Order placed: {Order.Quantity} × Comerix mug, €{DemoStorefront.MugPrice * Order.Quantity:0.00}. A receipt is on its way.";
        return RedirectToPage(null, null, null, "shop");
    }

    /// <summary>Each panel posts only its own fields; the other panels' (empty) fields must not count against it.</summary>
    private bool IsValid(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
        return ModelState.IsValid;
    }

    private async Task LoadTranscriptAsync(CancellationToken cancellationToken)
    {
        if (DemoVisitor.OpenConversation(HttpContext) is not { } id)
        {
            return;
        }
        var transcript = await db.DemoConversations.Where(c => c.Id == id).Select(c => c.Transcript).FirstOrDefaultAsync(cancellationToken);
        Transcript = transcript?.Split('\n') ?? [];
    }
}
