using TrustVault.Core.Export;

namespace TrustVault.Tests.Shared;

public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("Tides", "Tides")]
    public void Text_is_quoted_and_kept_from_reading_as_a_formula(string text, string field) =>
        Assert.Equal(field, CsvField.Write(text));

    [Fact]
    public void Numbers_are_written_as_they_are()
    {
        Assert.Equal("-12.5", CsvField.Write(-12.5m));
        Assert.Equal("-3", CsvField.Write(-3));
        Assert.Equal("0.3333", CsvField.Write(1m / 3m));
        Assert.Equal("", CsvField.Write(null));
    }
}
