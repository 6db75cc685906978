using System.Net;
using Microsoft.AspNetCore.Hosting;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Transport;

[Collection(AppCollection.Name)]
public sealed class DevelopmentTransportTests(DevelopmentFactory factory) : IClassFixture<DevelopmentFactory>
{
    [Fact]
    public async Task Development_serves_the_api_over_plain_http()
    {
        var response = await factory.CreateBrowser().GetAsync("/api/v1/organizations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

public sealed class DevelopmentFactory : TrustVaultFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}
