using System.Security.Cryptography;

namespace Comerix.SiteHost.Demo;

/// <summary>
/// The demo storefront's visitor id: a first-party cookie, as a real site's analytics would set. Every event the
/// storefront raises carries it as a visitor_id claim, which is what ties a chat, a form and an order together.
/// </summary>
internal static class DemoVisitor
{
    public const string CookieName = "comerix_demo_visitor";
    public const string ChatCookieName = "comerix_demo_chat";

    public static string GetOrCreate(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && IsValid(id))
        {
            return id!;
        }
        id = "v-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        context.Response.Cookies.Append(CookieName, id, Options(TimeSpan.FromDays(365)));
        return id;
    }

    public static string? OpenConversation(HttpContext context) =>
        context.Request.Cookies.TryGetValue(ChatCookieName, out var id) && IsValid(id) ? id : null;

    public static void RememberConversation(HttpContext context, string conversationId) =>
        context.Response.Cookies.Append(ChatCookieName, conversationId, Options(TimeSpan.FromDays(1)));

    private static CookieOptions Options(TimeSpan lifetime) =>
        new() { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = lifetime, Secure = false };

    private static bool IsValid(string? id) => id is { Length: > 2 and <= 40 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
