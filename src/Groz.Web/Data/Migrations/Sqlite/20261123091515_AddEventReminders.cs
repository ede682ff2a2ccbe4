using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEventReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "pseudonymised_at",
                table: "event_registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "reminder_sent_at",
                table: "event_registrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reminder_token_hash",
                table: "event_registrations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_occurrence_starts_at",
                table: "event_registrations",
                column: "occurrence_starts_at");

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_reminder_token_hash",
                table: "event_registrations",
                column: "reminder_token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_event_registrations_occurrence_starts_at",
                table: "event_registrations");

            migrationBuilder.DropIndex(
                name: "ix_event_registrations_reminder_token_hash",
                table: "event_registrations");

            migrationBuilder.DropColumn(
                name: "pseudonymised_at",
                table: "event_registrations");

            migrationBuilder.DropColumn(
                name: "reminder_sent_at",
                table: "event_registrations");

            migrationBuilder.DropColumn(
                name: "reminder_token_hash",
                table: "event_registrations");
        }
    }
}
