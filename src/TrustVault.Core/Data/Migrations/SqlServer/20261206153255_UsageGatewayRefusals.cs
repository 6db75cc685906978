using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustVault.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UsageGatewayRefusals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsGatewayRefusal",
                table: "UsageEvents",
                type: "bit",
                nullable: false,
                defaultValue: false);

            // Events stored before the flag were judged by status alone; they keep that verdict, so no invoice or quota
            // already counted changes.
            migrationBuilder.Sql("UPDATE [UsageEvents] SET [IsGatewayRefusal] = 1 WHERE [Status] IN (402, 403, 413, 429)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsGatewayRefusal",
                table: "UsageEvents");
        }
    }
}
