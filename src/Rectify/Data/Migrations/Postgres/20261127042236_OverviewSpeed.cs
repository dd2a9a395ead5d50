using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OverviewSpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "CompletedOn",
                table: "Problems",
                type: "date",
                nullable: true);

            // Backfill from the history: the day (Beijing time) of the last move into a completed
            // status; a problem completed without such a move was imported so, and counts from the
            // day it entered the ledger (what the trend counted before this column).
            migrationBuilder.Sql("""
UPDATE "Problems" AS p SET "CompletedOn" = COALESCE(
    (SELECT ((MAX(c."At") AT TIME ZONE 'UTC') + interval '8 hours')::date FROM "ProblemChanges" AS c
     WHERE c."ProblemId" = p."Id" AND c."Field" = 'Status' AND c."After" IN ('completed', 'completed-sustained')
       AND (c."Before" IS NULL OR c."Before" NOT IN ('completed', 'completed-sustained'))),
    ((p."CreatedAt" AT TIME ZONE 'UTC') + interval '8 hours')::date)
WHERE p."Status" IN ('completed', 'completed-sustained');
""");

            // Written by hand, and to be kept when the migrations are regenerated: EF cannot declare
            // an index on a complex property's column (Closure_State). The dashboard's tallies and
            // the light, closure and round filters of its drill-downs, and a unit's trend read this index alone.
            migrationBuilder.Sql("""CREATE INDEX "IX_Problems_Overview" ON "Problems" ("InspectionId", "CategoryId", "Status", "Deadline", "ExpectedCompletion", "Closure_State", "CompletedOn");""");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_CompletedOn_InspectionId",
                table: "Problems",
                columns: new[] { "CompletedOn", "InspectionId" });

            migrationBuilder.CreateIndex(
                name: "IX_Problems_Status_InspectionId_Ordinal",
                table: "Problems",
                columns: new[] { "Status", "InspectionId", "Ordinal" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Problems_Overview";""");

            migrationBuilder.DropIndex(
                name: "IX_Problems_CompletedOn_InspectionId",
                table: "Problems");

            migrationBuilder.DropIndex(
                name: "IX_Problems_Status_InspectionId_Ordinal",
                table: "Problems");

            migrationBuilder.DropColumn(
                name: "CompletedOn",
                table: "Problems");
        }
    }
}
