using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustVault.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UsageEventsByListing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_ListingId_At",
                table: "UsageEvents",
                columns: new[] { "ListingId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UsageEvents_ListingId_At",
                table: "UsageEvents");
        }
    }
}
