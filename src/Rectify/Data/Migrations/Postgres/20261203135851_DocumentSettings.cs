using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Serial",
                table: "UpwardReports",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReportRecipient",
                table: "Rounds",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Serial",
                table: "Notices",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DocumentSettings",
                columns: table => new
                {
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    IssuerMark = table.Column<string>(type: "text", nullable: true),
                    AgencyCode = table.Column<string>(type: "text", nullable: true),
                    Signature = table.Column<string>(type: "text", nullable: true),
                    Signer = table.Column<string>(type: "text", nullable: true),
                    MainRecipient = table.Column<string>(type: "text", nullable: true),
                    Secrecy = table.Column<string>(type: "text", nullable: true),
                    Urgency = table.Column<string>(type: "text", nullable: true),
                    CopyNumbers = table.Column<bool>(type: "boolean", nullable: false),
                    Sealed = table.Column<bool>(type: "boolean", nullable: false),
                    ContactPerson = table.Column<string>(type: "text", nullable: true),
                    ContactPhone = table.Column<string>(type: "text", nullable: true),
                    CopyTo = table.Column<string>(type: "text", nullable: true),
                    Printer = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentSettings", x => x.OrganizationId);
                    table.ForeignKey(
                        name: "FK_DocumentSettings_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentSettings");

            migrationBuilder.DropColumn(
                name: "Serial",
                table: "UpwardReports");

            migrationBuilder.DropColumn(
                name: "ReportRecipient",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "Serial",
                table: "Notices");
        }
    }
}
