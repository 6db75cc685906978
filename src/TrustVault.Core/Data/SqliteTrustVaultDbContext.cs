using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TrustVault.Core.Data;

public sealed class SqliteTrustVaultDbContext(DbContextOptions<SqliteTrustVaultDbContext> options) : TrustVaultDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-offset type and cannot order or compare the text EF would store;
        // a sortable 64-bit encoding keeps range queries in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
