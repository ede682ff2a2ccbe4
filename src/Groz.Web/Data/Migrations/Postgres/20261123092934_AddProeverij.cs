using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
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
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Activity");

            migrationBuilder.AddColumn<int>(
                name: "parent_event_id",
                table: "events",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "event_calendar_tokens",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    rating = table.Column<int>(type: "integer", nullable: false),
                    would_come_again = table.Column<bool>(type: "boolean", nullable: false),
                    comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    answered_on = table.Column<DateOnly>(type: "date", nullable: false)
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
                    registration_id = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    proeverij_event_id = table.Column<int>(type: "integer", nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    proeverij_event_id = table.Column<int>(type: "integer", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    theme = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    proeverij_event_id = table.Column<int>(type: "integer", nullable: false),
                    person_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    changes = table.Column<int>(type: "integer", nullable: false)
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
                    event_id = table.Column<int>(type: "integer", nullable: false),
                    proeverij_event_id = table.Column<int>(type: "integer", nullable: false),
                    stand_id = table.Column<int>(type: "integer", nullable: false),
                    slot_id = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
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
