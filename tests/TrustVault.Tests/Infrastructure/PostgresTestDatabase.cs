using Npgsql;

namespace TrustVault.Tests.Infrastructure;

/// <summary>
/// A database of its own on the PostgreSQL server named by <see cref="ServerVariable"/> (./test.sh starts a throwaway
/// one and sets it): a fresh name, created by the first migration, dropped when the test is done. Without the variable
/// the PostgreSQL tests fail, so that CI cannot pass by running none; a run that means to leave them out says so with
/// <c>--filter "Database!=PostgreSQL"</c> (<see cref="PostgresTests"/>).
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "TRUSTVAULT_TEST_POSTGRES";

    public PostgresTestDatabase()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run ./test.sh, which starts a throwaway PostgreSQL server for the tests, or set it to a "
                + "server's connection string (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=...), or leave the PostgreSQL "
                + "tests out on purpose with: dotnet test --filter \"Database!=PostgreSQL\".");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"trustvault_test_{Guid.NewGuid():N}" }.ToString();
    }

    public string ConnectionString { get; }

    public ValueTask DisposeAsync() => DropAsync();

    /// <summary>Drops the database, closing whatever connections it still has; dropping it again does nothing.</summary>
    public async ValueTask DropAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var name = builder.Database;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var admin = new NpgsqlConnection(builder.ToString());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Marks the test classes that run on PostgreSQL, so that a run can leave them out on purpose.</summary>
public static class PostgresTests
{
    public const string Trait = "Database";
    public const string Value = "PostgreSQL";
}
