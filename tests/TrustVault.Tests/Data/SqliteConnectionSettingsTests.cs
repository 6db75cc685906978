using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Data;

public sealed class SqliteConnectionSettingsTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Every_open_connection_has_the_settings_also_when_the_pool_hands_it_out_again()
    {
        for (var open = 0; open < 3; open++)
        {
            await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.Equal(1L, await PragmaAsync(db, "synchronous"));
                Assert.Equal(5000L, await PragmaAsync(db, "busy_timeout"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<long> PragmaAsync(TrustVaultDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
