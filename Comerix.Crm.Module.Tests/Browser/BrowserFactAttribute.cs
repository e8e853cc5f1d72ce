namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// A browser test: needs Debian's Chromium at /usr/bin/chromium (never a downloaded browser). Locally it skips with
/// a message when Chromium is missing; in CI (CI=true) it runs and fails instead.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        var mustRun = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!mustRun && !File.Exists(ChromiumPath))
        {
            Skip = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium); browser tests skipped.";
        }
    }
}
