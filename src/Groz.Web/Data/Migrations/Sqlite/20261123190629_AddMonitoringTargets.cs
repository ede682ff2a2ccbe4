using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddMonitoringTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period_kind_period_start",
                table: "mon_values");

            migrationBuilder.AddColumn<int>(
                name: "wave_id",
                table: "mon_values",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "consent_text",
                table: "mon_surveys",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "mon_targets",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    indicator_id = table.Column<int>(type: "INTEGER", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: true),
                    area_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    value = table.Column<decimal>(type: "TEXT", precision: 14, scale: 4, nullable: false),
                    set_by_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    set_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_targets", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_targets_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_mon_targets_mon_indicators_indicator_id",
                        column: x => x.indicator_id,
                        principalTable: "mon_indicators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_mon_targets_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period_kind_period_start_wave_id",
                table: "mon_values",
                columns: new[] { "indicator_id", "leerregio_id", "level", "area_code", "period_kind", "period_start", "wave_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mon_targets_indicator_id",
                table: "mon_targets",
                column: "indicator_id");

            migrationBuilder.CreateIndex(
                name: "ix_mon_targets_leerregio_id_indicator_id_area_code_year",
                table: "mon_targets",
                columns: new[] { "leerregio_id", "indicator_id", "area_code", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mon_targets_wijk_id",
                table: "mon_targets",
                column: "wijk_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mon_targets");

            migrationBuilder.DropIndex(
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period_kind_period_start_wave_id",
                table: "mon_values");

            migrationBuilder.DropColumn(
                name: "wave_id",
                table: "mon_values");

            migrationBuilder.DropColumn(
                name: "consent_text",
                table: "mon_surveys");

            migrationBuilder.CreateIndex(
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period_kind_period_start",
                table: "mon_values",
                columns: new[] { "indicator_id", "leerregio_id", "level", "area_code", "period_kind", "period_start" },
                unique: true);
        }
    }
}
