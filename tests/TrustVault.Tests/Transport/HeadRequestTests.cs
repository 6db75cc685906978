using System.Net;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Transport;

[Collection(AppCollection.Name)]
public sealed class HeadRequestTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/catalog")]
    [InlineData("/catalog/geopoint-geocoding")]
    [InlineData("/api/v1/organizations")]
    [InlineData("/Account/Login")]
    [InlineData("/health/ready")]
    public async Task Head_answers_as_get_does(string path)
    {
        var client = factory.CreateBrowser();

        var get = await client.GetAsync(path);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.NotEqual(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
    }
}
