using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion",
                table: "Problems",
                columns: new[] { "InspectionId", "Status", "Deadline", "ExpectedCompletion" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion",
                table: "Problems");
        }
    }
}
