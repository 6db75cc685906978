using Microsoft.Extensions.Options;
using TrustVault.Core.Catalog;

namespace TrustVault.Tests.Catalog;

public sealed class SafeContentTests
{
    private readonly MarkdownRenderer markdown = new();

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void Markdown_never_renders_script(string markdownText)
    {
        var html = markdown.ToSafeHtml(markdownText);

        // Raw HTML may survive as escaped text ("&lt;script"), never as an element or a live link.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Markdown_formatting_survives()
    {
        var html = markdown.ToSafeHtml("**bold** and [docs](https://docs.example.com)\n\n- one\n- two");

        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://docs.example.com\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>one</li>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1/api")]
    [InlineData("https://localhost:8443")]
    [InlineData("https://10.1.2.3")]
    [InlineData("https://172.20.0.5")]
    [InlineData("https://192.168.1.10")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/")]
    [InlineData("https://[fd00::1]/")]
    [InlineData("https://metadata.internal")]
    [InlineData("https://intranet")]
    [InlineData("ftp://api.example.com")]
    [InlineData("http://api.example.com")]
    [InlineData("https://user:pass@api.example.com")]
    [InlineData("not a url")]
    public void Upstreams_on_private_addresses_or_without_https_are_refused(string address)
    {
        var policy = new UpstreamUrlPolicy(Options.Create(new UpstreamOptions { RequireHttps = true }));

        Assert.NotNull(policy.Check(address));
    }

    [Theory]
    [InlineData("https://api.example.com/v1")]
    [InlineData("https://93.184.216.34")]
    public void Public_https_upstreams_are_accepted(string address)
    {
        var policy = new UpstreamUrlPolicy(Options.Create(new UpstreamOptions { RequireHttps = true }));

        Assert.Null(policy.Check(address));
    }

    [Fact]
    public void Private_upstreams_are_accepted_only_when_configured()
    {
        var policy = new UpstreamUrlPolicy(Options.Create(new UpstreamOptions { AllowPrivateUpstreams = true, RequireHttps = false }));

        Assert.Null(policy.Check("http://127.0.0.1:5000"));
    }
}
