using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NoticesWeb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ApprovedAt",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentKind",
                table: "Notices",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Announcement");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SubmittedAt",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedSha256",
                table: "Notices",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TitleTemplate",
                table: "Notices",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ApprovedAt",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "DocumentKind",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "SubmittedSha256",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "TitleTemplate",
                table: "Notices");
        }
    }
}
