using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSocialMapSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sm_check_reminders",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recipients = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_check_reminders", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_check_reminders_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_organization_members",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    added_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_organization_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_organization_members_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sm_organization_members_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_search_documents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    source_modified = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    wijk_ids = table.Column<string>(type: "TEXT", nullable: false),
                    leerregio_wide = table.Column<bool>(type: "INTEGER", nullable: false),
                    free = table.Column<bool>(type: "INTEGER", nullable: false),
                    physical = table.Column<bool>(type: "INTEGER", nullable: false),
                    digital = table.Column<bool>(type: "INTEGER", nullable: false),
                    minimum_age = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    maximum_age = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    term_ids = table.Column<string>(type: "TEXT", nullable: false),
                    display = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_search_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_search_documents_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sm_suggestions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    submitted_by_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reviewed_by_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    reviewed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    review_note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_suggestions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_suggestions_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sm_check_reminders_leerregio_id",
                table: "sm_check_reminders",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_check_reminders_service_id_sent_at",
                table: "sm_check_reminders",
                columns: new[] { "service_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_organization_members_leerregio_id",
                table: "sm_organization_members",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_organization_members_organization_id_user_id",
                table: "sm_organization_members",
                columns: new[] { "organization_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sm_organization_members_user_id",
                table: "sm_organization_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_search_documents_leerregio_id_name",
                table: "sm_search_documents",
                columns: new[] { "leerregio_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_search_documents_service_id",
                table: "sm_search_documents",
                column: "service_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sm_suggestions_leerregio_id_status_submitted_at",
                table: "sm_suggestions",
                columns: new[] { "leerregio_id", "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_suggestions_service_id",
                table: "sm_suggestions",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_suggestions_submitted_by_user_id",
                table: "sm_suggestions",
                column: "submitted_by_user_id");

            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE sm_search_fts USING fts5(title, body, content='sm_search_documents', content_rowid='id',
                    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER sm_search_documents_ai AFTER INSERT ON sm_search_documents BEGIN
                    INSERT INTO sm_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER sm_search_documents_ad AFTER DELETE ON sm_search_documents BEGIN
                    INSERT INTO sm_search_fts(sm_search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                END;
                """);
            // Only when the text changes: marking a document stale (source_modified) or new filter values need no re-indexing.
            migrationBuilder.Sql("""
                CREATE TRIGGER sm_search_documents_au AFTER UPDATE OF title, body ON sm_search_documents BEGIN
                    INSERT INTO sm_search_fts(sm_search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                    INSERT INTO sm_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS sm_search_documents_ai;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS sm_search_documents_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS sm_search_documents_au;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS sm_search_fts;");
            migrationBuilder.DropTable(
                name: "sm_check_reminders");

            migrationBuilder.DropTable(
                name: "sm_organization_members");

            migrationBuilder.DropTable(
                name: "sm_search_documents");

            migrationBuilder.DropTable(
                name: "sm_suggestions");
        }
    }
}
