using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InspectionLights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "GreenDays",
                table: "Inspections",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "YellowDays",
                table: "Inspections",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GreenDays",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "YellowDays",
                table: "Inspections");
        }
    }
}
