using Microsoft.EntityFrameworkCore;

namespace TrustVault.Core.Data;

/// <summary>Lets services ask for the provider-neutral context while each provider keeps its own context type.</summary>
internal sealed class ProviderDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<TrustVaultDbContext>
    where TContext : TrustVaultDbContext
{
    public TrustVaultDbContext CreateDbContext() => inner.CreateDbContext();
}
