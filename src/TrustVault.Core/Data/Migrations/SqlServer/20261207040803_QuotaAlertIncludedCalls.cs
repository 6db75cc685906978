using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustVault.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class QuotaAlertIncludedCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_QuotaAlerts",
                table: "QuotaAlerts");

            migrationBuilder.AddColumn<long>(
                name: "IncludedCalls",
                table: "QuotaAlerts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddPrimaryKey(
                name: "PK_QuotaAlerts",
                table: "QuotaAlerts",
                columns: new[] { "SubscriptionId", "PeriodStart", "IncludedCalls", "ThresholdPercent" });

            // An alert sent before the quota was part of the key counts as sent for the plan the subscription has now (the
            // best figure left), so that none is sent again for the quota it was about.
            migrationBuilder.Sql("UPDATE [QuotaAlerts] SET [IncludedCalls] = COALESCE((SELECT [Plans].[IncludedCallsPerMonth] FROM [Subscriptions] JOIN [Plans] ON [Plans].[Id] = [Subscriptions].[PlanId] WHERE [Subscriptions].[Id] = [QuotaAlerts].[SubscriptionId]), 0)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The old key holds one alert per threshold and period: the one of the largest quota is kept.
            migrationBuilder.Sql("DELETE FROM [QuotaAlerts] WHERE EXISTS (SELECT 1 FROM [QuotaAlerts] AS [Larger] WHERE [Larger].[SubscriptionId] = [QuotaAlerts].[SubscriptionId] AND [Larger].[PeriodStart] = [QuotaAlerts].[PeriodStart] AND [Larger].[ThresholdPercent] = [QuotaAlerts].[ThresholdPercent] AND [Larger].[IncludedCalls] > [QuotaAlerts].[IncludedCalls])");

            migrationBuilder.DropPrimaryKey(
                name: "PK_QuotaAlerts",
                table: "QuotaAlerts");

            migrationBuilder.DropColumn(
                name: "IncludedCalls",
                table: "QuotaAlerts");

            migrationBuilder.AddPrimaryKey(
                name: "PK_QuotaAlerts",
                table: "QuotaAlerts",
                columns: new[] { "SubscriptionId", "PeriodStart", "ThresholdPercent" });
        }
    }
}
