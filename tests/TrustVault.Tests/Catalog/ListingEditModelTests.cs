using TrustVault.Web.Components.Pages.Portal;

namespace TrustVault.Tests.Catalog;

public sealed class ListingEditModelTests
{
    [Theory]
    [InlineData("Tide Tables", "tide-tables")]
    [InlineData("Ünïcode Wéather API", "unicode-weather-api")]
    [InlineData("Crème brûlée & Co. v2", "creme-brulee-co-v2")]
    [InlineData("  --Spaced  out--  ", "spaced-out")]
    public void The_suggested_slug_keeps_words_whole(string name, string slug) =>
        Assert.Equal(slug, ListingEditModel.SlugFrom(name));
}
