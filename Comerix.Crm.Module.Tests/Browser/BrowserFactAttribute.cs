using Comerix.Crm.Tests.Segment;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// A browser test: needs Debian's Chromium at /usr/bin/chromium (never a downloaded browser), and Node.js with npm
/// when <see cref="NeedsNode"/> says so. Locally it skips with a message when one is missing; in CI (CI=true) it runs
/// and fails instead.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly bool MustRun = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public BrowserFactAttribute()
    {
        if (!MustRun && !File.Exists(ChromiumPath))
        {
            Skip = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium); browser tests skipped.";
        }
    }

    /// <summary>The page loads npm packages (installed by <c>npm ci</c> from a committed lock file).</summary>
    public bool NeedsNode { get; set; }

    public override string? Skip
    {
        get => base.Skip ?? (NeedsNode && !MustRun && !NodeFactAttribute.IsInstalled("npm")
            ? "npm is not installed (apt-get install nodejs npm); the browser tests of the real analytics SDKs are skipped."
            : null);
        set => base.Skip = value;
    }
}
