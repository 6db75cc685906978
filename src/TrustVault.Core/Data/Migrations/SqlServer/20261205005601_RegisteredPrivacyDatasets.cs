using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustVault.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RegisteredPrivacyDatasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Spends kept under free dataset names belong to no registered dataset: they cannot be carried over.
            migrationBuilder.Sql("DELETE FROM \"PrivacyBudgetSpends\"");

            migrationBuilder.DropIndex(
                name: "IX_PrivacyBudgetSpends_OrganizationId_Dataset",
                table: "PrivacyBudgetSpends");

            migrationBuilder.DropColumn(
                name: "Dataset",
                table: "PrivacyBudgetSpends");

            migrationBuilder.AddColumn<Guid>(
                name: "DatasetId",
                table: "PrivacyBudgetSpends",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<double>(
                name: "MonthlyPrivacyEpsilonCap",
                table: "Organizations",
                type: "float",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PrivacyDatasets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    EpsilonBudget = table.Column<double>(type: "float", nullable: false),
                    DeltaBudget = table.Column<double>(type: "float", nullable: false),
                    ArchivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyDatasets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrivacyDatasets_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetSpends_DatasetId",
                table: "PrivacyBudgetSpends",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetSpends_OrganizationId_At",
                table: "PrivacyBudgetSpends",
                columns: new[] { "OrganizationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetSpends_OrganizationId_DatasetId",
                table: "PrivacyBudgetSpends",
                columns: new[] { "OrganizationId", "DatasetId" });

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyDatasets_OrganizationId_Name",
                table: "PrivacyDatasets",
                columns: new[] { "OrganizationId", "Name" });

            migrationBuilder.AddForeignKey(
                name: "FK_PrivacyBudgetSpends_PrivacyDatasets_DatasetId",
                table: "PrivacyBudgetSpends",
                column: "DatasetId",
                principalTable: "PrivacyDatasets",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_PrivacyBudgetSpends_PrivacyDatasets_DatasetId",
                table: "PrivacyBudgetSpends");

            migrationBuilder.DropTable(
                name: "PrivacyDatasets");

            migrationBuilder.DropIndex(
                name: "IX_PrivacyBudgetSpends_DatasetId",
                table: "PrivacyBudgetSpends");

            migrationBuilder.DropIndex(
                name: "IX_PrivacyBudgetSpends_OrganizationId_At",
                table: "PrivacyBudgetSpends");

            migrationBuilder.DropIndex(
                name: "IX_PrivacyBudgetSpends_OrganizationId_DatasetId",
                table: "PrivacyBudgetSpends");

            migrationBuilder.DropColumn(
                name: "DatasetId",
                table: "PrivacyBudgetSpends");

            migrationBuilder.DropColumn(
                name: "MonthlyPrivacyEpsilonCap",
                table: "Organizations");

            migrationBuilder.AddColumn<string>(
                name: "Dataset",
                table: "PrivacyBudgetSpends",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetSpends_OrganizationId_Dataset",
                table: "PrivacyBudgetSpends",
                columns: new[] { "OrganizationId", "Dataset" });
        }
    }
}
