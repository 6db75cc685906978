using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Email;

[Collection(AppCollection.Name)]
public sealed class EmailStartupTests
{
    [Fact]
    public void Production_without_a_mail_transport_refuses_to_start_and_names_the_setting()
    {
        var error = Assert.ThrowsAny<Exception>(() => Start("Production", ("Email:Disabled", "false")));

        Assert.Contains("Email:Smtp:Host", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Email:Disabled=true", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_smtp_host_without_a_from_address_refuses_to_start()
    {
        var error = Assert.ThrowsAny<Exception>(() => Start("Production", ("Email:Disabled", "false"), ("Email:Smtp:Host", "smtp.example.com")));

        Assert.Contains("Email:Smtp:FromAddress", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_mail_without_a_public_address_refuses_to_start_and_names_the_setting()
    {
        var error = Assert.ThrowsAny<Exception>(() => Start(
            "Production", ("Email:Disabled", "false"), ("Email:Smtp:Host", "smtp.example.com"), ("Email:Smtp:FromAddress", "no-reply@example.com")));

        Assert.Contains("Email:PublicBaseUrl", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_address_with_a_query_refuses_to_start() =>
        Assert.Contains("Email:PublicBaseUrl", Assert.ThrowsAny<Exception>(() => Start("Development", ("Email:PublicBaseUrl", "https://example.com/?a=1"))).ToString(), StringComparison.Ordinal);

    [Theory]
    [InlineData("Production", "true")]
    [InlineData("Development", "false")]
    public void Production_with_mail_disabled_and_development_start_without_a_mail_server(string environment, string disabled) =>
        Start(environment, ("Email:Disabled", disabled));

    private static void Start(string environment, params (string Key, string Value)[] settings)
    {
        using var app = new TrustVaultFactory();
        using var configured = app.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        using var client = configured.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }
}
