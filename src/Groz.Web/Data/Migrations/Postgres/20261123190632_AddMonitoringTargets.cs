using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddMonitoringTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period",
                table: "mon_values");

            migrationBuilder.AddColumn<int>(
                name: "wave_id",
                table: "mon_values",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "consent_text",
                table: "mon_surveys",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "mon_targets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    indicator_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: true),
                    area_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    value = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: false),
                    set_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period",
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
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period",
                table: "mon_values");

            migrationBuilder.DropColumn(
                name: "wave_id",
                table: "mon_values");

            migrationBuilder.DropColumn(
                name: "consent_text",
                table: "mon_surveys");

            migrationBuilder.CreateIndex(
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period",
                table: "mon_values",
                columns: new[] { "indicator_id", "leerregio_id", "level", "area_code", "period_kind", "period_start" },
                unique: true);
        }
    }
}
