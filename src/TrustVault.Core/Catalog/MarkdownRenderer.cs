using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.GenericAttributes;
using Markdig.Syntax;

namespace TrustVault.Core.Catalog;

/// <summary>
/// Renders provider-written Markdown to HTML that is safe to show: raw HTML in the Markdown is
/// escaped by Markdig, and the output passes an allow-list sanitizer (no scripts, event handlers
/// or javascript: links). Providers cannot style or class what they write, so their text cannot
/// cover or imitate the page around it, and their links never reach back to the page. Their headings start at h2:
/// the page's own heading is its one h1.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>Set on every link: a provider's page gets no window.opener, no referrer and no rank from us.</summary>
    private const string LinkRel = "noopener noreferrer nofollow ugc";

    private readonly MarkdownPipeline pipeline = BuildPipeline();
    private readonly HtmlSanitizer sanitizer = BuildSanitizer();

    public string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdown.Parse(markdown, pipeline);

        // "# Overview" is the provider's first heading, not the page's title: a second h1 would tell a screen reader
        // the page has two subjects. The description's top level becomes h2, whichever it starts at, so no level is
        // skipped below the page's h1 either; deeper levels keep their order, the deepest sharing h6.
        var headings = document.Descendants<HeadingBlock>().ToList();
        var shift = headings.Count == 0 ? 0 : 2 - headings.Min(h => h.Level);
        foreach (var heading in headings)
        {
            heading.Level = Math.Min(heading.Level + shift, 6);
        }

        return sanitizer.Sanitize(document.ToHtml(pipeline));
    }

    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml();

        // {style=…}, {.class}, {rel=…}, {target=…} would let a provider set any attribute on any element.
        builder.Extensions.RemoveAll(extension => extension is GenericAttributesExtension);
        return builder.Build();
    }

    private static HtmlSanitizer BuildSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        foreach (var attribute in new[] { "style", "class", "rel", "target" })
        {
            sanitizer.AllowedAttributes.Remove(attribute);
        }

        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link && link.HasAttribute("href"))
            {
                link.SetAttribute("rel", LinkRel);
            }
        };
        return sanitizer;
    }
}
