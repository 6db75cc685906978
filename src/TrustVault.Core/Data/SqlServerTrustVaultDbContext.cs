using Microsoft.EntityFrameworkCore;

namespace TrustVault.Core.Data;

public sealed class SqlServerTrustVaultDbContext(DbContextOptions<SqlServerTrustVaultDbContext> options) : TrustVaultDbContext(options);
