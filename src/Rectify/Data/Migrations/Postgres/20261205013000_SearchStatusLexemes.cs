using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Rectify.Data.Migrations.Postgres;

/// <summary>
/// PostgreSQL's search rows now hold each problem's status as a lexeme (SearchIndex.StatusLexeme), so that
/// the index answers a word and a status together (issue 21 item 3). No model change: the rows written
/// before are given the lexeme here, in the database, rather than rebuilt one by one at start-up (a
/// province's 1.2 million rows), and the index's mark is rewritten so that what a running instance keeps is
/// dropped. SQLite's index is unchanged.
/// </summary>
[DbContext(typeof(PostgresRectifyDb))]
[Migration("20261205013000_SearchStatusLexemes")]
public sealed class SearchStatusLexemes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            UPDATE "ProblemSearch" s SET "Terms" = s."Terms" || CAST('''§' || p."Status" || '''' AS tsvector)
            FROM "Problems" p WHERE p."Id" = s."ProblemId";
            INSERT INTO "Settings" ("Key", "Value") VALUES ('search-index-built', md5(random()::text))
            ON CONFLICT ("Key") DO UPDATE SET "Value" = excluded."Value";
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            UPDATE "ProblemSearch" SET "Terms" = ts_delete("Terms", ARRAY['§not-stated', '§not-started', '§in-progress', '§phased', '§not-feasible', '§completed', '§completed-sustained']);
            """);
    }
}
