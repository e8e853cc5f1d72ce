using System.Text;
using System.Text.RegularExpressions;

namespace Comerix.Crm.Tests.Docs;

/// <summary>
/// The README, the changelog and docs/ as a reader follows them: every relative link reaches a file (and, with a
/// #fragment, a heading GitHub would give that anchor), every page of docs/ is reachable from another, and the
/// README's test command is the one CI runs.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    [Fact]
    public void EveryRelativeLinkReachesAFileAndItsHeading()
    {
        var root = RepositoryRoot();
        var broken = new List<string>();
        foreach (var page in Pages(root))
        {
            foreach (var link in Links(File.ReadAllText(page)))
            {
                if (Problem(root, page, link) is { } problem)
                {
                    broken.Add($"{Path.GetRelativePath(root, page)}: ({link}) {problem}");
                }
            }
        }
        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void EveryPageOfTheDocsIsLinkedFromAnotherPage()
    {
        var root = RepositoryRoot();
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in Pages(root))
        {
            foreach (var link in Links(File.ReadAllText(page)))
            {
                var path = link.Split('#')[0];
                if (path.Length > 0 && !IsExternal(path))
                {
                    var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
                    if (target != page)
                    {
                        linked.Add(target.TrimEnd(Path.DirectorySeparatorChar));
                    }
                }
            }
        }
        var orphans = Pages(root)
            .Where(p => Path.GetFileName(p) != "README.md" || Path.GetDirectoryName(p) != root)
            .Where(p => !linked.Contains(p) && !linked.Contains(Path.GetDirectoryName(p)!))
            .Select(p => Path.GetRelativePath(root, p))
            .ToList();
        Assert.True(orphans.Count == 0, "Pages no other page links to:\n" + string.Join("\n", orphans));
    }

    [Fact]
    public void TheReadmesTestCommandIsTheOneCiRuns()
    {
        var root = RepositoryRoot();
        var command = TestCommand().Match(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.True(command.Success, "the README shows its test command in a bash block");
        var ci = File.ReadAllLines(Path.Combine(root, ".ci", "run")).Select(l => l.Trim());
        Assert.Contains(command.Groups["command"].Value.Trim(), ci);
    }

    [Theory]
    [InlineData("Browser analytics (analytics.js, RudderStack JS)", "browser-analytics-analyticsjs-rudderstack-js")]
    [InlineData("`Crm:Resolution` (`IdentityResolutionOptions`)", "crmresolution-identityresolutionoptions")]
    [InlineData("Add it to your ASP.NET Core site", "add-it-to-your-aspnet-core-site")]
    [InlineData("What PostgreSQL keeps after an erasure", "what-postgresql-keeps-after-an-erasure")]
    public void AnchorsAreSpeltAsGitHubSpellsThem(string heading, string anchor) => Assert.Equal(anchor, Slug(heading));

    [Fact]
    public void ABrokenLinkIsFound()
    {
        var root = RepositoryRoot();
        var readme = Path.Combine(root, "README.md");
        Assert.NotNull(Problem(root, readme, "docs/no-such-page.md"));
        Assert.NotNull(Problem(root, readme, "docs/api.md#no-such-heading"));
        Assert.NotNull(Problem(root, readme, "#no-such-heading"));
        Assert.Null(Problem(root, readme, "docs/api.md#errors"));
        Assert.Null(Problem(root, readme, "#run-it"));
    }

    /// <summary>What is wrong with <paramref name="link"/> on <paramref name="page"/>, or null when it reaches its target.</summary>
    private static string? Problem(string root, string page, string link)
    {
        if (IsExternal(link))
        {
            return null;
        }
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var (path, fragment) = hash < 0 ? (link, null) : (link[..hash], link[(hash + 1)..]);
        var target = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
        if (!target.StartsWith(root, StringComparison.Ordinal))
        {
            return "points outside the repository";
        }
        if (!File.Exists(target) && !Directory.Exists(target))
        {
            return "no such file";
        }
        if (fragment is null)
        {
            return null;
        }
        if (!target.EndsWith(".md", StringComparison.Ordinal) || !File.Exists(target))
        {
            return "a #fragment on something that is not a Markdown page";
        }
        return Anchors(File.ReadAllText(target)).Contains(fragment) ? null : $"no heading with the anchor #{fragment}";
    }

    private static bool IsExternal(string link) =>
        link.StartsWith("http://", StringComparison.Ordinal) || link.StartsWith("https://", StringComparison.Ordinal)
        || link.StartsWith("mailto:", StringComparison.Ordinal);

    private static IEnumerable<string> Pages(string root) =>
        new[] { Path.Combine(root, "README.md"), Path.Combine(root, "CHANGELOG.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Select(Path.GetFullPath);

    /// <summary>The targets of inline links, outside fenced code blocks and code spans (where brackets are code).</summary>
    private static IEnumerable<string> Links(string markdown)
    {
        foreach (var line in Prose(markdown))
        {
            foreach (Match link in InlineLink().Matches(CodeSpan().Replace(line, "")))
            {
                yield return link.Groups["target"].Value;
            }
        }
    }

    /// <summary>The anchors of a page's headings, as GitHub makes them (a repeated heading gets -1, -2, …).</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Prose(markdown))
        {
            var heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }
            var slug = Slug(heading.Groups["text"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }
        return anchors;
    }

    /// <summary>GitHub's anchor for a heading: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens.</summary>
    private static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }
        return slug.ToString();
    }

    /// <summary>The page's lines outside fenced code blocks.</summary>
    private static IEnumerable<string> Prose(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (!fenced)
            {
                yield return line;
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Comerix.Crm.sln")) && File.Exists(Path.Combine(directory.FullName, "README.md")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("Comerix.Crm.sln and README.md, above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"```bash\s*\n(?<command>dotnet test [^\n]*)\n```")]
    private static partial Regex TestCommand();
}
