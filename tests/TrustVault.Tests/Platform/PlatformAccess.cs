using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Identity;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Platform;

/// <summary>What the platform API's tests arrange through the app's own services.</summary>
internal static class PlatformAccess
{
    /// <summary>Runs <paramref name="action"/> in a scope of the app's services, as one request would.</summary>
    public static async Task<T> WithAsync<T>(this TrustVaultFactory factory, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>A personal access token of <paramref name="userId"/>'s, valid for a week.</summary>
    public static Task<string> TokenAsync(this TrustVaultFactory factory, string userId, TokenScopes scopes = TokenScopes.Write) =>
        factory.WithAsync(async services => (await services.GetRequiredService<PersonalAccessTokenService>()
            .CreateAsync(userId, $"tests {Guid.NewGuid():N}", scopes, DateTimeOffset.UtcNow.AddDays(7), CancellationToken.None)).Secret);
}
