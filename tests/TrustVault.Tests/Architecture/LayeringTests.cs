using TrustVault.Core.Data;

namespace TrustVault.Tests.Architecture;

public sealed class LayeringTests
{
    [Theory]
    [InlineData("TrustVault.Web")]
    [InlineData("Microsoft.AspNetCore.Components")]
    [InlineData("Microsoft.AspNetCore.Http")]
    [InlineData("Microsoft.AspNetCore.Mvc")]
    [InlineData("Hangfire")]
    [InlineData("MudBlazor")]
    public void Core_knows_nothing_of_the_web_layer(string forbiddenPrefix)
    {
        var references = typeof(TrustVaultDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");

        Assert.DoesNotContain(references, name => name.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }
}
