using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustVault.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UsageEventDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "Day",
                table: "UsageEvents",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            // Rows written before the column: their UTC day.
            migrationBuilder.Sql("UPDATE [UsageEvents] SET [Day] = CAST(SWITCHOFFSET([At], 0) AS date);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Day",
                table: "UsageEvents");
        }
    }
}
