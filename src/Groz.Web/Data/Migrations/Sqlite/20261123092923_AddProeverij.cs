using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddProeverij : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "events",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Activity");

            migrationBuilder.AddColumn<int>(
                name: "parent_event_id",
                table: "events",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "event_calendar_tokens",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_calendar_tokens", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_event_calendar_tokens_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_feedback",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    rating = table.Column<int>(type: "INTEGER", nullable: false),
                    would_come_again = table.Column<bool>(type: "INTEGER", nullable: false),
                    comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    answered_on = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_feedback", x => x.id);
                    table.ForeignKey(
                        name: "fk_event_feedback_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_feedback_requests",
                columns: table => new
                {
                    registration_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_feedback_requests", x => x.registration_id);
                    table.ForeignKey(
                        name: "fk_event_feedback_requests_event_registrations_registration_id",
                        column: x => x.registration_id,
                        principalTable: "event_registrations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_feedback_requests_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "proeverij_slots",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    proeverij_event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_proeverij_slots", x => x.id);
                    table.ForeignKey(
                        name: "fk_proeverij_slots_events_proeverij_event_id",
                        column: x => x.proeverij_event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "proeverij_stands",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    proeverij_event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    theme = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_proeverij_stands", x => x.id);
                    table.ForeignKey(
                        name: "fk_proeverij_stands_events_proeverij_event_id",
                        column: x => x.proeverij_event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_proeverij_stands_sm_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "sm_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "proeverij_visitors",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    proeverij_event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    person_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    changes = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_proeverij_visitors", x => x.id);
                    table.ForeignKey(
                        name: "fk_proeverij_visitors_events_proeverij_event_id",
                        column: x => x.proeverij_event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "proeverij_sessions",
                columns: table => new
                {
                    event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    proeverij_event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    stand_id = table.Column<int>(type: "INTEGER", nullable: false),
                    slot_id = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_proeverij_sessions", x => x.event_id);
                    table.ForeignKey(
                        name: "fk_proeverij_sessions_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_proeverij_sessions_events_proeverij_event_id",
                        column: x => x.proeverij_event_id,
                        principalTable: "events",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_proeverij_sessions_proeverij_slots_slot_id",
                        column: x => x.slot_id,
                        principalTable: "proeverij_slots",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_proeverij_sessions_proeverij_stands_stand_id",
                        column: x => x.stand_id,
                        principalTable: "proeverij_stands",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "ix_events_parent_event_id",
                table: "events",
                column: "parent_event_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_calendar_tokens_token_hash",
                table: "event_calendar_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_feedback_event_id",
                table: "event_feedback",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_feedback_requests_event_id",
                table: "event_feedback_requests",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_feedback_requests_token_hash",
                table: "event_feedback_requests",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_proeverij_sessions_proeverij_event_id_slot_id",
                table: "proeverij_sessions",
                columns: new[] { "proeverij_event_id", "slot_id" });

            migrationBuilder.CreateIndex(
                name: "ix_proeverij_sessions_slot_id",
                table: "proeverij_sessions",
                column: "slot_id");

            migrationBuilder.CreateIndex(
                name: "ix_proeverij_sessions_stand_id",
                table: "proeverij_sessions",
                column: "stand_id");

            migrationBuilder.CreateIndex(
                name: "ix_proeverij_slots_proeverij_event_id_starts_at",
                table: "proeverij_slots",
                columns: new[] { "proeverij_event_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_proeverij_stands_organization_id",
                table: "proeverij_stands",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_proeverij_stands_proeverij_event_id",
                table: "proeverij_stands",
                column: "proeverij_event_id");

            migrationBuilder.CreateIndex(
                name: "ix_proeverij_visitors_proeverij_event_id_person_key",
                table: "proeverij_visitors",
                columns: new[] { "proeverij_event_id", "person_key" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_events_events_parent_event_id",
                table: "events",
                column: "parent_event_id",
                principalTable: "events",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_events_events_parent_event_id",
                table: "events");

            migrationBuilder.DropTable(
                name: "event_calendar_tokens");

            migrationBuilder.DropTable(
                name: "event_feedback");

            migrationBuilder.DropTable(
                name: "event_feedback_requests");

            migrationBuilder.DropTable(
                name: "proeverij_sessions");

            migrationBuilder.DropTable(
                name: "proeverij_visitors");

            migrationBuilder.DropTable(
                name: "proeverij_slots");

            migrationBuilder.DropTable(
                name: "proeverij_stands");

            migrationBuilder.DropIndex(
                name: "ix_events_parent_event_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "events");

            migrationBuilder.DropColumn(
                name: "parent_event_id",
                table: "events");
        }
    }
}
