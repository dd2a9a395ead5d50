using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LedgerSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The ledger's search index (Data/SearchIndex.cs): bigram terms written by the app as
            // a tsvector with positions; start-up fills it (the marker below).
            migrationBuilder.Sql("""
                CREATE TABLE "ProblemSearch" (
                    "ProblemId" integer PRIMARY KEY REFERENCES "Problems" ("Id") ON DELETE CASCADE,
                    "Terms" tsvector NOT NULL);
                CREATE INDEX "IX_ProblemSearch_Terms" ON "ProblemSearch" USING gin ("Terms");
                -- The red-light (overdue) rule also reads the closure state (the model keeps the index's name).
                DROP INDEX IF EXISTS "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion";
                CREATE INDEX "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion" ON "Problems" ("InspectionId", "Status", "Deadline", "ExpectedCompletion", "Closure_State");
                CREATE INDEX "IX_Problems_Deadline_Ledger" ON "Problems" ("Deadline", "InspectionId", "Ordinal", "Status", "ExpectedCompletion", "Closure_State");
                INSERT INTO "Settings" ("Key", "Value") VALUES ('search-index-stale', 'LedgerSearch') ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion";
                CREATE INDEX "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion" ON "Problems" ("InspectionId", "Status", "Deadline", "ExpectedCompletion");
                """);
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Problems_Deadline_Ledger"; DROP TABLE IF EXISTS "ProblemSearch"; DELETE FROM "Settings" WHERE "Key" = 'search-index-stale';""");
        }
    }
}
