using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddHelpRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "help_requests",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    urgency = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    health_details = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    preferred_date = table.Column<DateOnly>(type: "date", nullable: true),
                    preferred_from = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    preferred_until = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    contact_preference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    resident_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    contact_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    contact_phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    contact_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    entered_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    entered_on_behalf = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    assistant_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    matched_volunteer_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    referred_service_id = table.Column<Guid>(type: "uuid", nullable: true),
                    transfer_id = table.Column<long>(type: "bigint", nullable: true),
                    helped_minutes = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    first_response_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    matched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    followed_up_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_response_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    match_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    follow_up_answer = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    follow_up_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    follow_up_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    follow_up_token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    pseudonymised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_help_requests_asp_net_users_assistant_user_id",
                        column: x => x.assistant_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_requests_asp_net_users_entered_by_user_id",
                        column: x => x.entered_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_requests_asp_net_users_matched_volunteer_user_id",
                        column: x => x.matched_volunteer_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_requests_asp_net_users_resident_user_id",
                        column: x => x.resident_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_requests_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_requests_transfers_transfer_id",
                        column: x => x.transfer_id,
                        principalTable: "timebank_transfers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_requests_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "help_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    retention_days = table.Column<int>(type: "integer", nullable: false),
                    ask_expiry_minutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_help_settings_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "help_volunteer_profiles",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: false),
                    categories = table.Column<int>(type: "integer", nullable: false),
                    availability = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_volunteer_profiles", x => x.id);
                    table.ForeignKey(
                        name: "fk_help_volunteer_profiles_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_volunteer_profiles_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_volunteer_profiles_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "help_consents",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    help_request_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    text_version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    given_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_help_consents_asp_net_users_given_by_user_id",
                        column: x => x.given_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_consents_asp_net_users_withdrawn_by_user_id",
                        column: x => x.withdrawn_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_consents_help_requests_help_request_id",
                        column: x => x.help_request_id,
                        principalTable: "help_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_help_consents_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "help_match_asks",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    help_request_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    volunteer_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    asked_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    asked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    answer = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_match_asks", x => x.id);
                    table.ForeignKey(
                        name: "fk_help_match_asks_asp_net_users_asked_by_user_id",
                        column: x => x.asked_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_match_asks_asp_net_users_volunteer_user_id",
                        column: x => x.volunteer_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_match_asks_help_requests_help_request_id",
                        column: x => x.help_request_id,
                        principalTable: "help_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_help_match_asks_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "help_notes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    help_request_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    author_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_help_notes_asp_net_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_notes_help_requests_help_request_id",
                        column: x => x.help_request_id,
                        principalTable: "help_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_help_notes_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "help_status_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    help_request_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    from = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    to = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_help_status_changes_help_requests_help_request_id",
                        column: x => x.help_request_id,
                        principalTable: "help_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_help_status_changes_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "help_targets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    settings_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    urgency = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    first_response_minutes = table.Column<int>(type: "integer", nullable: false),
                    match_minutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_targets", x => x.id);
                    table.ForeignKey(
                        name: "fk_help_targets_help_settings_settings_id",
                        column: x => x.settings_id,
                        principalTable: "help_settings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_help_targets_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_subject_type_subject_id_at",
                table: "audit_log",
                columns: new[] { "subject_type", "subject_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_help_consents_given_by_user_id",
                table: "help_consents",
                column: "given_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_consents_help_request_id_kind",
                table: "help_consents",
                columns: new[] { "help_request_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_help_consents_leerregio_id",
                table: "help_consents",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_consents_withdrawn_by_user_id",
                table: "help_consents",
                column: "withdrawn_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_match_asks_asked_by_user_id",
                table: "help_match_asks",
                column: "asked_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_match_asks_help_request_id_volunteer_user_id",
                table: "help_match_asks",
                columns: new[] { "help_request_id", "volunteer_user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_help_match_asks_leerregio_id",
                table: "help_match_asks",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_match_asks_token_hash",
                table: "help_match_asks",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_help_match_asks_volunteer_user_id_answer",
                table: "help_match_asks",
                columns: new[] { "volunteer_user_id", "answer" });

            migrationBuilder.CreateIndex(
                name: "ix_help_notes_author_user_id",
                table: "help_notes",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_notes_help_request_id",
                table: "help_notes",
                column: "help_request_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_notes_leerregio_id",
                table: "help_notes",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_assistant_user_id",
                table: "help_requests",
                column: "assistant_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_entered_by_user_id",
                table: "help_requests",
                column: "entered_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_follow_up_token_hash",
                table: "help_requests",
                column: "follow_up_token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_leerregio_id_closed_at",
                table: "help_requests",
                columns: new[] { "leerregio_id", "closed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_leerregio_id_created_at",
                table: "help_requests",
                columns: new[] { "leerregio_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_matched_volunteer_user_id",
                table: "help_requests",
                column: "matched_volunteer_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_resident_user_id",
                table: "help_requests",
                column: "resident_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_transfer_id",
                table: "help_requests",
                column: "transfer_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_requests_wijk_id_status_first_response_due_at",
                table: "help_requests",
                columns: new[] { "wijk_id", "status", "first_response_due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_help_settings_leerregio_id",
                table: "help_settings",
                column: "leerregio_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_help_status_changes_help_request_id_id",
                table: "help_status_changes",
                columns: new[] { "help_request_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_help_status_changes_leerregio_id",
                table: "help_status_changes",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_targets_leerregio_id_urgency",
                table: "help_targets",
                columns: new[] { "leerregio_id", "urgency" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_help_targets_settings_id",
                table: "help_targets",
                column: "settings_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_volunteer_profiles_leerregio_id_user_id",
                table: "help_volunteer_profiles",
                columns: new[] { "leerregio_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_help_volunteer_profiles_user_id",
                table: "help_volunteer_profiles",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_volunteer_profiles_wijk_id_active",
                table: "help_volunteer_profiles",
                columns: new[] { "wijk_id", "active" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "help_consents");

            migrationBuilder.DropTable(
                name: "help_match_asks");

            migrationBuilder.DropTable(
                name: "help_notes");

            migrationBuilder.DropTable(
                name: "help_status_changes");

            migrationBuilder.DropTable(
                name: "help_targets");

            migrationBuilder.DropTable(
                name: "help_volunteer_profiles");

            migrationBuilder.DropTable(
                name: "help_requests");

            migrationBuilder.DropTable(
                name: "help_settings");

            migrationBuilder.DropIndex(
                name: "ix_audit_log_subject_type_subject_id_at",
                table: "audit_log");
        }
    }
}
