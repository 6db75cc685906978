using Microsoft.Extensions.Options;
using TrustVault.Core.Email;

namespace TrustVault.Tests.Email;

public sealed class NotificationLinksTests
{
    private static readonly Guid Id = Guid.Parse("0190f3a2-0000-7000-8000-000000000001");

    [Theory]
    [InlineData("https://market.example.com")]
    [InlineData("https://market.example.com/")]
    public void With_the_public_address_links_point_to_each_page_under_it(string publicBaseUrl)
    {
        var links = new NotificationLinks(Options.Create(new EmailOptions { PublicBaseUrl = publicBaseUrl }));

        Assert.Equal($"https://market.example.com/console/invoices/{Id}", links.Invoice(Id));
        Assert.Equal($"https://market.example.com/console/usage?org={Id}", links.Usage(Id));
        Assert.Equal($"https://market.example.com/portal?org={Id}", links.Portal(Id));
        Assert.Equal($"https://market.example.com/portal/listings/{Id}", links.PortalListing(Id));
        Assert.Equal($"https://market.example.com/portal/alerts?org={Id}", links.PortalAlerts(Id));
    }

    [Fact]
    public void Without_it_there_are_no_links_and_mail_names_the_page_in_words()
    {
        var links = new NotificationLinks(Options.Create(new EmailOptions()));

        Assert.Null(links.Invoice(Id));
        Assert.Null(links.PortalAlerts(Id));
    }
}
