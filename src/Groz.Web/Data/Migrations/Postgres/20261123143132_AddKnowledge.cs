using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    themes = table.Column<List<string>>(type: "text[]", nullable: false),
                    bouwsteen = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    sharing = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    format = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    current_version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    subsidy_deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    subsidy_amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    search_title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    search_body = table.Column<string>(type: "character varying(120000)", maxLength: 120000, nullable: false)
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    document_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    change_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    markdown = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: true),
                    stored_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    size_bytes = table.Column<long>(type: "bigint", nullable: true),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    extracted_text = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true)
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

            // Full text (KnowledgeSearch): a generated tsvector with the 'dutch' configuration and a GIN index over it.
            migrationBuilder.Sql("""
                ALTER TABLE kb_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
                    (setweight(to_tsvector('dutch', search_title), 'A') || setweight(to_tsvector('dutch', search_body), 'B')) STORED;
                CREATE INDEX ix_kb_documents_search_vector ON kb_documents USING gin (search_vector);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_kb_documents_search_vector;");
            migrationBuilder.DropTable(
                name: "kb_versions");

            migrationBuilder.DropTable(
                name: "kb_documents");
        }
    }
}
