using Comerix.Crm.Import;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Pages.Admin.Customers.Import;

/// <summary>How large an upload may be, and what a person is told when theirs is larger.</summary>
internal static class ImportUploadSize
{
    private const double Megabyte = 1024 * 1024;

    /// <summary>The most a request carrying an import file may hold: the file and the form around it.</summary>
    public const long MaxRequestBytes = ImportService.MaxFileBytes + 1024 * 1024;

    /// <summary>The TempData key that carries <see cref="TooLarge"/> across the redirect of an over-large upload.</summary>
    public const string RefusedKey = "ImportUploadRefused";

    /// <summary>"The file is 12.0 MB; the limit is 10 MB. …" (a file just over the limit never reads as equal to it).</summary>
    public static string TooLarge(long bytes)
    {
        var megabytes = Math.Round(bytes / Megabyte, 1);
        if (megabytes <= ImportService.MaxFileBytes / Megabyte)
        {
            megabytes = Math.Ceiling(bytes / Megabyte * 10) / 10;
        }
        return $"The file is {megabytes:0.0} MB; the limit is {ImportService.MaxFileBytes / Megabyte:0} MB. " +
            "Split it into smaller files and import them one after another.";
    }
}

/// <summary>
/// Refuses an upload whose request is larger than <see cref="ImportUploadSize.MaxRequestBytes"/> by its Content-Length,
/// before anything reads the body: the server would otherwise stop reading at the limit with an empty 413. The person
/// is sent back to the import page, which says how large the file is and what the limit is.
/// </summary>
/// <remarks>
/// An authorization filter ordered before every other (the storable-text check, order 0, reads the form). The body
/// limit is lifted for this one request so the server drains what the browser still sends instead of closing the
/// connection under it, which a browser shows as a reset connection rather than the answer.
/// </remarks>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class RefuseOversizedImportAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public int Order => int.MinValue;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.ContentLength is not { } length || length <= ImportUploadSize.MaxRequestBytes)
        {
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }
        var tempData = http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);
        // Saved here: the filter that saves TempData runs later in the pipeline, which this result skips.
        tempData[ImportUploadSize.RefusedKey] = ImportUploadSize.TooLarge(length);
        tempData.Save();
        context.Result = new RedirectToPageResult("/Admin/Customers/Import/Index");
    }
}
