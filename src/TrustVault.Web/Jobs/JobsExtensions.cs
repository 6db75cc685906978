using Hangfire;
using TrustVault.Core.Data;
using TrustVault.Web.Accounts;

namespace TrustVault.Web.Jobs;

public static class JobsExtensions
{
    public const string DashboardPath = "/admin/jobs";

    /// <summary>Hangfire on in-memory storage, or on SQL Server storage when the database is SQL Server.</summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        builder.Services.AddHangfire(configuration =>
        {
            configuration.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.SqlServer)
            {
                configuration.UseSqlServerStorage(database.ConnectionString);
            }
            else
            {
                configuration.UseInMemoryStorage();
            }
        });
        if (jobs.RunServer)
        {
            builder.Services.AddHangfireServer();
        }

        return builder;
    }

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorizationFilter()],
            DashboardTitle = "TrustVault jobs",
            AppPath = "/admin",
        }).RequireAuthorization(Policies.Admin);
        return app;
    }
}
