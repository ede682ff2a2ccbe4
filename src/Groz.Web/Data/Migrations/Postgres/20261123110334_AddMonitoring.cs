using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    name_nl = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    better = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<int>(type: "integer", nullable: false),
                    instrument = table.Column<int>(type: "integer", nullable: true),
                    instrument_version = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    division_year = table.Column<int>(type: "integer", nullable: false),
                    numerator_nl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    denominator_nl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    numerator_en = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    denominator_en = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    computed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mon_indicators", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mon_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    suppress_below = table.Column<int>(type: "integer", nullable: false),
                    pseudonym_key = table.Column<byte[]>(type: "bytea", nullable: false)
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    introduction = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    loneliness = table.Column<int>(type: "integer", nullable: true),
                    positive_health = table.Column<bool>(type: "boolean", nullable: false),
                    anonymity = table.Column<int>(type: "integer", nullable: false),
                    consent_version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    indicator_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: true),
                    buurt_id = table.Column<int>(type: "integer", nullable: true),
                    area_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    period_kind = table.Column<int>(type: "integer", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    n = table.Column<int>(type: "integer", nullable: false),
                    numerator = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: true),
                    denominator = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: true),
                    value = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    survey_id = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    text_nl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    text_en = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    options_nl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    options_en = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    scale_min = table.Column<int>(type: "integer", nullable: true),
                    scale_max = table.Column<int>(type: "integer", nullable: true),
                    required = table.Column<bool>(type: "boolean", nullable: false),
                    item_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    survey_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    opens_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    access = table.Column<int>(type: "integer", nullable: false),
                    token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    wave_id = table.Column<int>(type: "integer", nullable: false),
                    mark = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    wave_id = table.Column<int>(type: "integer", nullable: false),
                    survey_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: true),
                    pseudonym = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    consent_version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    submitted_on = table.Column<DateOnly>(type: "date", nullable: false),
                    loneliness_total = table.Column<int>(type: "integer", nullable: true),
                    loneliness_emotional = table.Column<int>(type: "integer", nullable: true),
                    loneliness_social = table.Column<int>(type: "integer", nullable: true)
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    response_id = table.Column<long>(type: "bigint", nullable: false),
                    question_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: true),
                    text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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
                name: "ix_mon_values_indicator_id_leerregio_id_level_area_code_period",
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
