using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentsEventsAndRetries : Migration
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

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "Notifications",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<int>(
                name: "EmailAttempts",
                table: "Notifications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EmailDueAt",
                table: "Notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailError",
                table: "Notifications",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailTo",
                table: "Notifications",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Link",
                table: "Notifications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Serial",
                table: "Notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "GreenDays",
                table: "Inspections",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NarrativeJson",
                table: "Inspections",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceHash",
                table: "Inspections",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "YellowDays",
                table: "Inspections",
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

            migrationBuilder.CreateTable(
                name: "IdempotentRequests",
                columns: table => new
                {
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Route = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ContentType = table.Column<string>(type: "text", nullable: true),
                    Location = table.Column<string>(type: "text", nullable: true),
                    Body = table.Column<byte[]>(type: "bytea", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotentRequests", x => new { x.UserName, x.Key });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_EmailDueAt",
                table: "Notifications",
                column: "EmailDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_SourceHash",
                table: "Inspections",
                column: "SourceHash");

            migrationBuilder.CreateIndex(
                name: "IX_IdempotentRequests_CreatedAt",
                table: "IdempotentRequests",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentSettings");

            migrationBuilder.DropTable(
                name: "IdempotentRequests");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_EmailDueAt",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Inspections_SourceHash",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "Serial",
                table: "UpwardReports");

            migrationBuilder.DropColumn(
                name: "ReportRecipient",
                table: "Rounds");

            migrationBuilder.DropColumn(
                name: "EmailAttempts",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailDueAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailError",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "EmailTo",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "Link",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "Serial",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "GreenDays",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "NarrativeJson",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "SourceHash",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "YellowDays",
                table: "Inspections");

            migrationBuilder.AlterColumn<string>(
                name: "UserId",
                table: "Notifications",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
