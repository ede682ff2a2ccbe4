using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddMonitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mon_indicators",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    name_nl = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    better = table.Column<int>(type: "INTEGER", nullable: false),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    instrument = table.Column<int>(type: "INTEGER", nullable: true),
                    instrument_version = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    division_year = table.Column<int>(type: "INTEGER", nullable: false),
                    numerator_nl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    denominator_nl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    numerator_en = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    denominator_en = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    computed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_indicators", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mon_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    suppress_below = table.Column<int>(type: "INTEGER", nullable: false),
                    pseudonym_key = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_settings_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mon_surveys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    introduction = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    loneliness = table.Column<int>(type: "INTEGER", nullable: true),
                    positive_health = table.Column<bool>(type: "INTEGER", nullable: false),
                    anonymity = table.Column<int>(type: "INTEGER", nullable: false),
                    consent_version = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    created_by_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_surveys", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_surveys_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mon_values",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    indicator_id = table.Column<int>(type: "INTEGER", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: true),
                    buurt_id = table.Column<int>(type: "INTEGER", nullable: true),
                    area_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    period_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    n = table.Column<int>(type: "INTEGER", nullable: false),
                    numerator = table.Column<decimal>(type: "TEXT", precision: 14, scale: 4, nullable: true),
                    denominator = table.Column<decimal>(type: "TEXT", precision: 14, scale: 4, nullable: true),
                    value = table.Column<decimal>(type: "TEXT", precision: 14, scale: 4, nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    computed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_values", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_values_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_mon_values_mon_indicators_indicator_id",
                        column: x => x.indicator_id,
                        principalTable: "mon_indicators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mon_questions",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    survey_id = table.Column<int>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    text_nl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    text_en = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    options_nl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    options_en = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    scale_min = table.Column<int>(type: "INTEGER", nullable: true),
                    scale_max = table.Column<int>(type: "INTEGER", nullable: true),
                    required = table.Column<bool>(type: "INTEGER", nullable: false),
                    item_key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_questions", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_questions_mon_surveys_survey_id",
                        column: x => x.survey_id,
                        principalTable: "mon_surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mon_waves",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    survey_id = table.Column<int>(type: "INTEGER", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    opens_at = table.Column<long>(type: "INTEGER", nullable: false),
                    closes_at = table.Column<long>(type: "INTEGER", nullable: false),
                    access = table.Column<int>(type: "INTEGER", nullable: false),
                    token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_waves", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_waves_mon_surveys_survey_id",
                        column: x => x.survey_id,
                        principalTable: "mon_surveys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mon_participations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    wave_id = table.Column<int>(type: "INTEGER", nullable: false),
                    mark = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_participations", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_participations_survey_waves_wave_id",
                        column: x => x.wave_id,
                        principalTable: "mon_waves",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mon_responses",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    wave_id = table.Column<int>(type: "INTEGER", nullable: false),
                    survey_id = table.Column<int>(type: "INTEGER", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: true),
                    pseudonym = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    consent_version = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    submitted_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    loneliness_total = table.Column<int>(type: "INTEGER", nullable: true),
                    loneliness_emotional = table.Column<int>(type: "INTEGER", nullable: true),
                    loneliness_social = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_responses", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_responses_survey_waves_wave_id",
                        column: x => x.wave_id,
                        principalTable: "mon_waves",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mon_answers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    response_id = table.Column<long>(type: "INTEGER", nullable: false),
                    question_id = table.Column<int>(type: "INTEGER", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_mon_answers_mon_responses_response_id",
                        column: x => x.response_id,
                        principalTable: "mon_responses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_mon_answers_survey_questions_question_id",
                        column: x => x.question_id,
                        principalTable: "mon_questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_mon_answers_question_id",
                table: "mon_answers",
                column: "question_id");

            migrationBuilder.CreateIndex(
                name: "ix_mon_answers_response_id",
                table: "mon_answers",
                column: "response_id");

            migrationBuilder.CreateIndex(
                name: "ix_mon_indicators_code",
                table: "mon_indicators",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mon_participations_wave_id_mark",
                table: "mon_participations",
                columns: new[] { "wave_id", "mark" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mon_questions_survey_id_position",
                table: "mon_questions",
                columns: new[] { "survey_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_mon_responses_wave_id_pseudonym",
                table: "mon_responses",
                columns: new[] { "wave_id", "pseudonym" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mon_responses_wave_id_wijk_id",
                table: "mon_responses",
                columns: new[] { "wave_id", "wijk_id" });

            migrationBuilder.CreateIndex(
                name: "ix_mon_settings_leerregio_id",
                table: "mon_settings",
                column: "leerregio_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mon_surveys_leerregio_id",
                table: "mon_surveys",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period_kind_period_start",
                table: "mon_values",
                columns: new[] { "indicator_id", "leerregio_id", "level", "area_code", "period_kind", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mon_values_leerregio_id_period_kind_period_start",
                table: "mon_values",
                columns: new[] { "leerregio_id", "period_kind", "period_start" });

            migrationBuilder.CreateIndex(
                name: "ix_mon_waves_leerregio_id",
                table: "mon_waves",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_mon_waves_survey_id",
                table: "mon_waves",
                column: "survey_id");

            migrationBuilder.CreateIndex(
                name: "ix_mon_waves_token",
                table: "mon_waves",
                column: "token",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mon_answers");

            migrationBuilder.DropTable(
                name: "mon_participations");

            migrationBuilder.DropTable(
                name: "mon_settings");

            migrationBuilder.DropTable(
                name: "mon_values");

            migrationBuilder.DropTable(
                name: "mon_responses");

            migrationBuilder.DropTable(
                name: "mon_questions");

            migrationBuilder.DropTable(
                name: "mon_indicators");

            migrationBuilder.DropTable(
                name: "mon_waves");

            migrationBuilder.DropTable(
                name: "mon_surveys");
        }
    }
}
