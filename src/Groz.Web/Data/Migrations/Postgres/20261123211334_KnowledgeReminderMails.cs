using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KnowledgeReminderMails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kb_subsidy_reminder_mails",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    document_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kb_subsidy_reminder_mails", x => x.id);
                    table.ForeignKey(
                        name: "fk_kb_subsidy_reminder_mails_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_kb_subsidy_reminder_mails_kb_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "kb_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_kb_subsidy_reminder_mails_document_id_user_id_deadline",
                table: "kb_subsidy_reminder_mails",
                columns: new[] { "document_id", "user_id", "deadline" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kb_subsidy_reminder_mails_sent_at",
                table: "kb_subsidy_reminder_mails",
                column: "sent_at");

            migrationBuilder.CreateIndex(
                name: "ix_kb_subsidy_reminder_mails_user_id",
                table: "kb_subsidy_reminder_mails",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kb_subsidy_reminder_mails");
        }
    }
}
