using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustVault.Core.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            // Rows written before the column: their UTC day.
            // The stored timestamp is EF's DateTimeOffsetToBinary: ticks / 1000 shifted left 11 bits over the offset, zero for the UTC times the gateway writes.
            migrationBuilder.Sql("UPDATE \"UsageEvents\" SET \"Day\" = date(((\"At\" >> 11) * 1000 - 621355968000000000) / 10000000, 'unixepoch');");
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
