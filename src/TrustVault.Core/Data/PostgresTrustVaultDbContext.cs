using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TrustVault.Core.Data;

public sealed class PostgresTrustVaultDbContext(DbContextOptions<PostgresTrustVaultDbContext> options) : TrustVaultDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz stores an instant, and Npgsql refuses a DateTimeOffset whose offset is not zero rather than drop
        // it silently; times from callers (a query's range, a parsed header) may carry one, so they are stored as UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(value => value.ToUniversalTime(), value => value);
}
