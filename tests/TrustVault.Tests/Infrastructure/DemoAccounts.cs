using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;

namespace TrustVault.Tests.Infrastructure;

/// <summary>The demo seed's accounts, as tests on a seeded app find them.</summary>
internal static class DemoAccounts
{
    public static async Task<string> UserIdAsync(IServiceProvider services, DemoAccountKind kind)
    {
        var email = DemoSeedOptions.Accounts.Single(a => a.Kind == kind).Email;
        return (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }
}
