using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustVault.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PayoutFollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payouts_ProviderOrganizationId_PeriodStart_Currency",
                table: "Payouts");

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "Payouts",
                type: "integer",
                nullable: false,
                // Every payout made before follow-ups existed was its period's first.
                defaultValue: 1);

            migrationBuilder.CreateIndex(
                name: "IX_Payouts_ProviderOrganizationId_PeriodStart_Currency_Sequence",
                table: "Payouts",
                columns: new[] { "ProviderOrganizationId", "PeriodStart", "Currency", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payouts_ProviderOrganizationId_PeriodStart_Currency_Sequence",
                table: "Payouts");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "Payouts");

            migrationBuilder.CreateIndex(
                name: "IX_Payouts_ProviderOrganizationId_PeriodStart_Currency",
                table: "Payouts",
                columns: new[] { "ProviderOrganizationId", "PeriodStart", "Currency" },
                unique: true);
        }
    }
}
