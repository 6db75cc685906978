using TrustVault.Core.Errors;
using TrustVault.Core.Metering;

namespace TrustVault.Tests.Metering;

public sealed class UsageFilterTests
{
    [Theory]
    [InlineData("2026-10-02", "2026-10-01", "from")]
    [InlineData("2026-01-01", "2026-04-01", "to")]
    public void An_upside_down_or_too_long_range_is_refused_naming_the_field(string from, string to, string field)
    {
        var filter = new UsageFilter(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Throws<InvalidInputException>(() => filter.Validate());

        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public void Ninety_days_is_the_longest_range()
    {
        var from = new DateOnly(2026, 1, 1);

        Assert.Equal(from.AddDays(89), new UsageFilter(from, from.AddDays(89)).Validate().To);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), new UsageFilter(from, from.AddDays(89)).End);
    }

    [Theory]
    [InlineData("2xx", 2)]
    [InlineData("5XX", 5)]
    [InlineData("", null)]
    public void Status_classes_read_as_their_first_digit(string text, int? expected)
    {
        Assert.Equal(expected, UsageFilter.ParseStatusClass(text));
    }

    [Theory]
    [InlineData("1xx")]
    [InlineData("6xx")]
    [InlineData("404")]
    public void Other_status_classes_are_refused(string text)
    {
        Assert.Equal(["statusClass"], Assert.Throws<InvalidInputException>(() => UsageFilter.ParseStatusClass(text)).Errors.Keys);
    }

    [Fact]
    public void The_csv_quotes_commas_and_defuses_formulas_in_key_names()
    {
        var csv = UsageCsv.Write([new UsageGroup(new DateOnly(2026, 10, 1), Guid.NewGuid(), "=HYPERLINK(\"x\")", "tv_live_ab12", null, "Tides, live", "GET", "/tides/v1", "2xx", 3, 300, 12)]);

        Assert.Equal(
            "day,key,key_prefix,api,method,endpoint,status_class,calls,bytes,mean_latency_ms\r\n2026-10-01,\"'=HYPERLINK(\"\"x\"\")\",tv_live_ab12,\"Tides, live\",GET,/tides/v1,2xx,3,300,12\r\n",
            csv);
    }
}
