using TrustVault.Web.Admin;
using TrustVault.Web.Api;
using TrustVault.Web.Api.Platform;
using TrustVault.Web.Billing;
using TrustVault.Web.Components;
using TrustVault.Web.Data;
using TrustVault.Web.Email;
using TrustVault.Web.Errors;
using TrustVault.Web.Gateway;
using TrustVault.Web.Health;
using TrustVault.Web.Identity;
using TrustVault.Web.Jobs;
using TrustVault.Web.Redis;
using TrustVault.Web.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddTrustVaultData();
builder.AddRedis();
builder.AddEmail();
builder.AddTrustVaultIdentity();
builder.AddTrustVaultUi();
builder.AddErrorHandling();
builder.AddSecurityHeaders();
builder.AddHealth();
builder.AddJobs();
builder.AddGateway();
builder.AddBilling();
builder.AddFirstPartyEngines();
builder.AddPlatformApi();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseSecurityHeaders();
app.UseErrorHandling();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

// Routing after the status-code pages, so that a re-executed request is routed to its status page.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealth();
app.MapGateway();
app.MapBilling();
app.MapPlatformApi();
app.MapJobs();
app.MapRevenueExport();
app.MapAnalysisRunResults();
app.MapTrustVaultUi();
app.Run();
