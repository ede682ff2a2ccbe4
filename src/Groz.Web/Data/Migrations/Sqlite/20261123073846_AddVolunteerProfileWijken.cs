using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddVolunteerProfileWijken : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "weekdays",
                table: "help_volunteer_profiles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "help_volunteer_wijken",
                columns: table => new
                {
                    profile_id = table.Column<int>(type: "INTEGER", nullable: false),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_volunteer_wijken", x => new { x.profile_id, x.wijk_id });
                    table.ForeignKey(
                        name: "fk_help_volunteer_wijken_help_volunteer_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "help_volunteer_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_help_volunteer_wijken_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_help_volunteer_wijken_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_help_volunteer_wijken_leerregio_id",
                table: "help_volunteer_wijken",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_help_volunteer_wijken_wijk_id",
                table: "help_volunteer_wijken",
                column: "wijk_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "help_volunteer_wijken");

            migrationBuilder.DropColumn(
                name: "weekdays",
                table: "help_volunteer_profiles");
        }
    }
}
