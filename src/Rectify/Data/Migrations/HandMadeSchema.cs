using Microsoft.EntityFrameworkCore.Migrations;

namespace Rectify.Data.Migrations;

/// <summary>
/// The parts of the schema EF cannot declare, written by hand and applied by the baseline migration
/// of each provider (docs/decisions/0010-migrations-baseline.md). They live here, outside the
/// generated folders, so that regenerating a migration cannot lose them; <see cref="Objects"/> lists
/// them for the upgrade test, which checks that a migrated database has every one.
/// </summary>
public static class HandMadeSchema
{
    /// <summary>(kind, name) of every object below: "table", "index" or "trigger".</summary>
    public static readonly (string Kind, string Name)[] Objects =
    [
        ("table", "ProblemSearch"),
        ("index", "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion"),
        ("index", "IX_Problems_Deadline_Ledger"),
        ("index", "IX_Problems_Overview"),
    ];

    /// <summary>
    /// The ledger's search index (Data/SearchIndex.cs) and the indexes that include the closure state:
    /// EF cannot declare an index on a complex property's column (Closure_State), and the red-light
    /// (overdue) rule, the ledger's deadline order and the dashboard's tallies read it.
    /// </summary>
    public static void Sqlite(MigrationBuilder b)
    {
        b.Sql("CREATE VIRTUAL TABLE ProblemSearch USING fts5(Terms, content='', contentless_delete=1, tokenize='ascii');");
        b.Sql("CREATE TRIGGER ProblemSearch_Delete AFTER DELETE ON Problems BEGIN DELETE FROM ProblemSearch WHERE rowid = old.Id; END;");
        b.Sql("DROP INDEX IF EXISTS IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion;");
        b.Sql("CREATE INDEX IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion ON Problems (InspectionId, Status, Deadline, ExpectedCompletion, Closure_State);");
        b.Sql("CREATE INDEX IX_Problems_Deadline_Ledger ON Problems (Deadline, InspectionId, Ordinal, Status, ExpectedCompletion, Closure_State);");
        b.Sql("""CREATE INDEX "IX_Problems_Overview" ON "Problems" ("InspectionId", "CategoryId", "Status", "Deadline", "ExpectedCompletion", "Closure_State", "CompletedOn");""");
    }

    /// <inheritdoc cref="Sqlite"/>
    public static void Postgres(MigrationBuilder b)
    {
        b.Sql("""
            CREATE TABLE "ProblemSearch" (
                "ProblemId" integer PRIMARY KEY REFERENCES "Problems" ("Id") ON DELETE CASCADE,
                "Terms" tsvector NOT NULL);
            CREATE INDEX "IX_ProblemSearch_Terms" ON "ProblemSearch" USING gin ("Terms");
            DROP INDEX IF EXISTS "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion";
            CREATE INDEX "IX_Problems_InspectionId_Status_Deadline_ExpectedCompletion" ON "Problems" ("InspectionId", "Status", "Deadline", "ExpectedCompletion", "Closure_State");
            CREATE INDEX "IX_Problems_Deadline_Ledger" ON "Problems" ("Deadline", "InspectionId", "Ordinal", "Status", "ExpectedCompletion", "Closure_State");
            CREATE INDEX "IX_Problems_Overview" ON "Problems" ("InspectionId", "CategoryId", "Status", "Deadline", "ExpectedCompletion", "Closure_State", "CompletedOn");
            """);
    }

    /// <summary>Undoes both providers' objects before the baseline's tables are dropped.</summary>
    public static void Drop(MigrationBuilder b) => b.Sql("DROP TABLE IF EXISTS \"ProblemSearch\";");
}
