using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recipients = table.Column<int>(type: "integer", nullable: false)
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    source_modified = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    wijk_ids = table.Column<List<int>>(type: "integer[]", nullable: false),
                    leerregio_wide = table.Column<bool>(type: "boolean", nullable: false),
                    free = table.Column<bool>(type: "boolean", nullable: false),
                    physical = table.Column<bool>(type: "boolean", nullable: false),
                    digital = table.Column<bool>(type: "boolean", nullable: false),
                    minimum_age = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    maximum_age = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    term_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    display = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    url = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    email = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    submitted_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reviewed_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    review_note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
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
                ALTER TABLE sm_search_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
                    (setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('dutch', body), 'B')) STORED;
                CREATE INDEX ix_sm_search_documents_search_vector ON sm_search_documents USING gin (search_vector);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_sm_search_documents_search_vector;");
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
