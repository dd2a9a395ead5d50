using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReportRecipient",
                table: "Rounds",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Serial",
                table: "Notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DocumentSettings",
                columns: table => new
                {
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuerMark = table.Column<string>(type: "TEXT", nullable: true),
                    AgencyCode = table.Column<string>(type: "TEXT", nullable: true),
                    Signature = table.Column<string>(type: "TEXT", nullable: true),
                    Signer = table.Column<string>(type: "TEXT", nullable: true),
                    MainRecipient = table.Column<string>(type: "TEXT", nullable: true),
                    Secrecy = table.Column<string>(type: "TEXT", nullable: true),
                    Urgency = table.Column<string>(type: "TEXT", nullable: true),
                    CopyNumbers = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sealed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ContactPerson = table.Column<string>(type: "TEXT", nullable: true),
                    ContactPhone = table.Column<string>(type: "TEXT", nullable: true),
                    CopyTo = table.Column<string>(type: "TEXT", nullable: true),
                    Printer = table.Column<string>(type: "TEXT", nullable: true)
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
