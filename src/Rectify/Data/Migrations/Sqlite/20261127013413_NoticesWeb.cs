using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentKind",
                table: "Notices",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Announcement");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SubmittedAt",
                table: "Notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedSha256",
                table: "Notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TitleTemplate",
                table: "Notices",
                type: "TEXT",
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
