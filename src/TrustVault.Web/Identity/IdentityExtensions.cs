using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Web.Components.Account;
using TrustVault.Web.Errors;

namespace TrustVault.Web.Identity;

public static class IdentityExtensions
{
    public static WebApplicationBuilder AddTrustVaultIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName)
            .Validate(options => options.IsValid, "Admin:InitialEmail must be a whole e-mail address, such as ops@example.com.")
            .ValidateOnStart();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            // A 403 rather than a redirect: the status page then explains it at the address the user asked for.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policies.Admin, policy => policy.RequireRole(PlatformRoles.Admin));

        services.AddIdentityCore<ApplicationUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TrustVaultDbContext>()
            .AddSignInManager<TrustVaultSignInManager>()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountsOptions>>((identity, accounts) =>
        {
            identity.SignIn.RequireConfirmedAccount = accounts.Value.RequireConfirmedAccount;
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedAccessAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
            identity.Lockout.AllowedForNewUsers = true;
            identity.User.RequireUniqueEmail = true;
            // The user name is the e-mail address, which Identity validates as one (as invitations do); the default
            // ASCII allow-list refused internationalized addresses (jürgen@example.com) with a message about a user name.
            identity.User.AllowedUserNameCharacters = "";
        });
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AccountsOptions>>((validator, accounts) =>
            validator.ValidationInterval = accounts.Value.SessionValidationInterval);
        services.AddSingleton<IdentityEmailSender>();
        services.AddSingleton<IEmailSender<ApplicationUser>>(provider => provider.GetRequiredService<IdentityEmailSender>());
        services.AddSingleton<UnknownAccountLockout>();
        return builder;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (ApiPaths.IsApi(context.Request.Path))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
