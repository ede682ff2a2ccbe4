using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddKnowledge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kb_documents",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    themes = table.Column<string>(type: "TEXT", nullable: false),
                    bouwsteen = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    sharing = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    current_version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    subsidy_deadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    subsidy_amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    reminder_sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    search_title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    search_body = table.Column<string>(type: "TEXT", maxLength: 120000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kb_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_kb_documents_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "kb_versions",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    document_id = table.Column<int>(type: "INTEGER", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    change_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    markdown = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: true),
                    stored_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: true),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    extracted_text = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kb_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_kb_versions_kb_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "kb_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_kb_documents_leerregio_id_updated_at",
                table: "kb_documents",
                columns: new[] { "leerregio_id", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_kb_documents_sharing_updated_at",
                table: "kb_documents",
                columns: new[] { "sharing", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_kb_documents_subsidy_deadline",
                table: "kb_documents",
                column: "subsidy_deadline");

            migrationBuilder.CreateIndex(
                name: "ix_kb_versions_document_id_number",
                table: "kb_versions",
                columns: new[] { "document_id", "number" },
                unique: true);

            // Full text (KnowledgeSearch): an external-content FTS5 table over the stemmed title and body, kept by triggers.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE kb_fts USING fts5(search_title, search_body, content='kb_documents', content_rowid='id',
                    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER kb_documents_ai AFTER INSERT ON kb_documents BEGIN
                    INSERT INTO kb_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER kb_documents_ad AFTER DELETE ON kb_documents BEGIN
                    INSERT INTO kb_fts(kb_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER kb_documents_au AFTER UPDATE OF search_title, search_body ON kb_documents BEGIN
                    INSERT INTO kb_fts(kb_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body);
                    INSERT INTO kb_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS kb_documents_ai;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS kb_documents_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS kb_documents_au;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS kb_fts;");
            migrationBuilder.DropTable(
                name: "kb_versions");

            migrationBuilder.DropTable(
                name: "kb_documents");
        }
    }
}
