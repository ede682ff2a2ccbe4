using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    theme = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    target_group_term_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recurrence_rule = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    cost = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    accessibility = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    registration_required = table.Column<bool>(type: "INTEGER", nullable: false),
                    registration_closes_at = table.Column<long>(type: "INTEGER", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_by_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_events_asp_net_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_events_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_events_sm_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "sm_locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_events_sm_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "sm_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_events_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "event_occurrences",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    taken = table.Column<int>(type: "INTEGER", nullable: false),
                    waitlist_issued = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_occurrences", x => x.id);
                    table.ForeignKey(
                        name: "fk_event_occurrences_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_registrations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<int>(type: "INTEGER", nullable: false),
                    occurrence_id = table.Column<long>(type: "INTEGER", nullable: false),
                    occurrence_starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    guest_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    guest_email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    guest_phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    person_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    waitlist_position = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    promoted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    cancelled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    attended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    cancel_token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    entered_by_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_registrations", x => x.id);
                    table.ForeignKey(
                        name: "fk_event_registrations_asp_net_users_entered_by_user_id",
                        column: x => x.entered_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_event_registrations_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_event_registrations_event_occurrences_occurrence_id",
                        column: x => x.occurrence_id,
                        principalTable: "event_occurrences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_registrations_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_occurrences_event_id_starts_at",
                table: "event_occurrences",
                columns: new[] { "event_id", "starts_at" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_cancel_token_hash",
                table: "event_registrations",
                column: "cancel_token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_entered_by_user_id",
                table: "event_registrations",
                column: "entered_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_event_id",
                table: "event_registrations",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_occurrence_id_person_key",
                table: "event_registrations",
                columns: new[] { "occurrence_id", "person_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_occurrence_id_status_waitlist_position",
                table: "event_registrations",
                columns: new[] { "occurrence_id", "status", "waitlist_position" });

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_user_id",
                table: "event_registrations",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_created_by_user_id",
                table: "events",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_leerregio_id_status_starts_at",
                table: "events",
                columns: new[] { "leerregio_id", "status", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_events_location_id",
                table: "events",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_organization_id",
                table: "events",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_wijk_id_starts_at",
                table: "events",
                columns: new[] { "wijk_id", "starts_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_registrations");

            migrationBuilder.DropTable(
                name: "event_occurrences");

            migrationBuilder.DropTable(
                name: "events");
        }
    }
}
