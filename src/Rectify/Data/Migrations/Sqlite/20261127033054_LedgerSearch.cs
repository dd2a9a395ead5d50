using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The ledger's search index (Data/SearchIndex.cs): bigram terms written by the app,
            // contentless so the text is not stored twice; start-up fills it (the marker below).
            migrationBuilder.Sql("CREATE VIRTUAL TABLE ProblemSearch USING fts5(Terms, content='', contentless_delete=1, tokenize='ascii');");
            migrationBuilder.Sql("CREATE TRIGGER ProblemSearch_Delete AFTER DELETE ON Problems BEGIN DELETE FROM ProblemSearch WHERE rowid = old.Id; END;");
            // The red-light (overdue) rule also reads the closure state: with it in the index, counts
            // and the overdue filter are answered from the index alone (the model keeps the name).
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion;");
            migrationBuilder.Sql("CREATE INDEX IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion ON Problems (InspectionId, Status, Deadline, ExpectedCompletion, Closure_State);");
            // The ledger sorted by deadline (整改时限) with the red-light filter, walked in order from this index alone.
            migrationBuilder.Sql("CREATE INDEX IX_Problems_Deadline_Ledger ON Problems (Deadline, InspectionId, Ordinal, Status, ExpectedCompletion, Closure_State);");
            migrationBuilder.Sql("INSERT OR IGNORE INTO Settings (Key, Value) VALUES ('search-index-stale', 'LedgerSearch');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion;");
            migrationBuilder.Sql("CREATE INDEX IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion ON Problems (InspectionId, Status, Deadline, ExpectedCompletion);");
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Problems_Deadline_Ledger;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ProblemSearch_Delete;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ProblemSearch;");
            migrationBuilder.Sql("DELETE FROM Settings WHERE Key = 'search-index-stale';");
        }
    }
}
