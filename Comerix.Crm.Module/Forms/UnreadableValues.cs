using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Comerix.Crm.Forms;

/// <summary>
/// A form or query value that cannot be read as its field's type ("maybe" for a tick box, 20 digits for an id), on
/// every page and controller of the host (MVC options, not a page's code):
/// <list type="bullet">
/// <item>binding keeps the field's error but not the value: a tick box shown again with "maybe" threw (its tag
/// helper reads the value back as a bool), a 500 on any page that redisplays its form;</item>
/// <item>a POST (any method but GET and HEAD) holding one is answered 400, naming the field, before any handler
/// runs: no form acts on what is left of a value it could not read (Delete &amp; forget without the Suppress the
/// sender meant). Links stay forgiving: a GET goes on without the value, as a hand-edited link always has.</item>
/// </list>
/// A value that is missing or empty is not unreadable: the field's own validation speaks for it.
/// </summary>
internal static class UnreadableValues
{
    private static readonly object ItemKey = new();

    /// <summary>Wraps the binders of simple values (tick boxes, numbers, dates, enums) and adds the POST refusal.</summary>
    public static void AddTo(MvcOptions mvc)
    {
        for (var i = 0; i < mvc.ModelBinderProviders.Count; i++)
        {
            if (mvc.ModelBinderProviders[i] is SimpleTypeModelBinderProvider or FloatingPointTypeModelBinderProvider
                or DateTimeModelBinderProvider or EnumTypeModelBinderProvider or TryParseModelBinderProvider)
            {
                mvc.ModelBinderProviders[i] = new Provider(mvc.ModelBinderProviders[i]);
            }
        }
        mvc.Filters.Add(new RefuseFilter());
    }

    /// <summary>The names of the fields of this request that could not be read, in the order they were bound.</summary>
    public static IReadOnlyList<string> Of(HttpContext http) => http.Items[ItemKey] as List<string> ?? [];

    private sealed class Provider(IModelBinderProvider inner) : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            inner.GetBinder(context) is { } binder ? new Binder(binder) : null;
    }

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext context)
        {
            var errorsBefore = context.ModelState.TryGetValue(context.ModelName, out var before) ? before.Errors.Count : 0;
            await inner.BindModelAsync(context);
            if (context.Result.IsModelSet
                || !context.ModelState.TryGetValue(context.ModelName, out var entry) || entry.Errors.Count == errorsBefore
                || string.IsNullOrWhiteSpace(context.ValueProvider.GetValue(context.ModelName).FirstValue))
            {
                return;
            }
            // The error stays (it names the field); the value goes, so nothing renders it back as its type.
            entry.RawValue = null;
            entry.AttemptedValue = null;
            var http = context.HttpContext;
            var names = http.Items[ItemKey] as List<string> ?? [];
            if (!names.Contains(context.ModelName))
            {
                names.Add(context.ModelName);
            }
            http.Items[ItemKey] = names;
        }
    }

    /// <summary>
    /// Runs when binding is done, before the handler (and so after the antiforgery check). An error page
    /// re-executed for a refused request is left alone: it shows the original status.
    /// </summary>
    private sealed class RefuseFilter : IAsyncPageFilter, IAsyncActionFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) =>
            RefuseOrRunAsync(context.HttpContext, refusal => context.Result = refusal, () => next());

        public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next) =>
            RefuseOrRunAsync(context.HttpContext, refusal => context.Result = refusal, () => next());

        private static Task RefuseOrRunAsync(HttpContext http, Action<IActionResult> refuse, Func<Task> run)
        {
            if (Refusal(http) is { } refusal)
            {
                refuse(refusal);
                return Task.CompletedTask;
            }
            return run();
        }

        private static ContentResult? Refusal(HttpContext http)
        {
            var names = Of(http);
            if (names.Count == 0 || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                || http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                return null;
            }
            // The answer names the fields; the host's generic status page must not replace it.
            if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }
            var fields = string.Join(", ", names.Select(n => $"\u201C{n}\u201D"));
            return new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentType = "text/plain; charset=utf-8",
                Content = $"This form was not processed: {fields} could not be read (a tick box sends true or false, a number " +
                    "field a whole number in range, a date field a date). Nothing was changed; go back and send the form from its page.",
            };
        }
    }
}
