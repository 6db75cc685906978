using Microsoft.AspNetCore.Hosting;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Jobs;

[Collection(AppCollection.Name)]
public sealed class JobsStartupTests
{
    [Theory]
    [InlineData("0", "true")]
    [InlineData("65", "false")]
    public void A_worker_count_out_of_range_refuses_to_start_and_names_the_setting(string workers, string runServer)
    {
        using var app = new TrustVaultFactory();
        using var configured = app.WithWebHostBuilder(builder => builder.UseSetting("Jobs:Workers", workers).UseSetting("Jobs:RunServer", runServer));

        var error = Assert.ThrowsAny<Exception>(() => configured.CreateClient());

        Assert.Contains("Jobs:Workers must be between 1 and 64", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InvoicingCron", "every month")]
    [InlineData("UsageRollupCron", "61 * * * *")]
    public void A_bad_schedule_refuses_to_start_and_names_the_setting(string setting, string cron)
    {
        using var app = new TrustVaultFactory();
        using var configured = app.WithWebHostBuilder(builder => builder.UseSetting($"Jobs:{setting}", cron));

        var error = Assert.ThrowsAny<Exception>(() => configured.CreateClient());

        Assert.Contains($"Jobs:{setting} must be a cron expression", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(cron, error.ToString(), StringComparison.Ordinal);
    }
}
