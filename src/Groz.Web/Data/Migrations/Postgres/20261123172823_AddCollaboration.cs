using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddCollaboration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "col_bouwstenen",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    trekker = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_bouwstenen", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_bouwstenen_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_codes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    parent_id = table.Column<int>(type: "integer", nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_codes", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_codes_col_codes_parent_id",
                        column: x => x.parent_id,
                        principalTable: "col_codes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_col_codes_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_collaborations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    type = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    process_owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    modified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_collaborations", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_collaborations_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_col_collaborations_sm_organizations_process_owner_id",
                        column: x => x.process_owner_id,
                        principalTable: "sm_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "col_conversations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    format = table.Column<int>(type: "integer", nullable: false),
                    place = table.Column<int>(type: "integer", nullable: false),
                    participants = table.Column<int>(type: "integer", nullable: false),
                    participant_count = table.Column<int>(type: "integer", nullable: false),
                    facilitator = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    created_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_conversations", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_conversations_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_col_conversations_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "col_bouwsteen_updates",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    bouwsteen_id = table.Column<int>(type: "integer", nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    author_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_bouwsteen_updates", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_bouwsteen_updates_col_bouwstenen_bouwsteen_id",
                        column: x => x.bouwsteen_id,
                        principalTable: "col_bouwstenen",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_theme_actions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    code_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    target_id = table.Column<int>(type: "integer", nullable: true),
                    url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_theme_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_theme_actions_col_codes_code_id",
                        column: x => x.code_id,
                        principalTable: "col_codes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_urgencies",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: false),
                    code_id = table.Column<int>(type: "integer", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    rationale = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    set_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_urgencies", x => x.id);
                    table.CheckConstraint("ck_col_urgencies_level", "level BETWEEN 1 AND 5");
                    table.ForeignKey(
                        name: "fk_col_urgencies_col_codes_code_id",
                        column: x => x.code_id,
                        principalTable: "col_codes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_col_urgencies_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_effectiveness",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    collaboration_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    quarter = table.Column<DateOnly>(type: "date", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    working = table.Column<int>(type: "integer", nullable: false),
                    helps = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    hinders = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_effectiveness", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_effectiveness_col_collaborations_collaboration_id",
                        column: x => x.collaboration_id,
                        principalTable: "col_collaborations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_members",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    collaboration_id = table.Column<int>(type: "integer", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_members_col_collaborations_collaboration_id",
                        column: x => x.collaboration_id,
                        principalTable: "col_collaborations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_col_members_sm_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "sm_organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_themes",
                columns: table => new
                {
                    collaboration_id = table.Column<int>(type: "integer", nullable: false),
                    theme_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_themes", x => new { x.collaboration_id, x.theme_code });
                    table.ForeignKey(
                        name: "fk_col_themes_col_collaborations_collaboration_id",
                        column: x => x.collaboration_id,
                        principalTable: "col_collaborations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_wijken",
                columns: table => new
                {
                    collaboration_id = table.Column<int>(type: "integer", nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_wijken", x => new { x.collaboration_id, x.wijk_id });
                    table.ForeignKey(
                        name: "fk_col_wijken_col_collaborations_collaboration_id",
                        column: x => x.collaboration_id,
                        principalTable: "col_collaborations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_col_wijken_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_fragments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    conversation_id = table.Column<int>(type: "integer", nullable: false),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_fragments", x => x.id);
                    table.ForeignKey(
                        name: "fk_col_fragments_col_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "col_conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "col_fragment_codes",
                columns: table => new
                {
                    fragment_id = table.Column<int>(type: "integer", nullable: false),
                    code_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_col_fragment_codes", x => new { x.fragment_id, x.code_id });
                    table.ForeignKey(
                        name: "fk_col_fragment_codes_col_codes_code_id",
                        column: x => x.code_id,
                        principalTable: "col_codes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_col_fragment_codes_col_fragments_fragment_id",
                        column: x => x.fragment_id,
                        principalTable: "col_fragments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_col_bouwsteen_updates_bouwsteen_id",
                table: "col_bouwsteen_updates",
                column: "bouwsteen_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_bouwstenen_leerregio_id_code",
                table: "col_bouwstenen",
                columns: new[] { "leerregio_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_col_codes_leerregio_id_parent_id",
                table: "col_codes",
                columns: new[] { "leerregio_id", "parent_id" });

            migrationBuilder.CreateIndex(
                name: "ix_col_codes_parent_id",
                table: "col_codes",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_collaborations_leerregio_id_name",
                table: "col_collaborations",
                columns: new[] { "leerregio_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_col_collaborations_process_owner_id",
                table: "col_collaborations",
                column: "process_owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_conversations_leerregio_id_held_on",
                table: "col_conversations",
                columns: new[] { "leerregio_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_col_conversations_wijk_id",
                table: "col_conversations",
                column: "wijk_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_effectiveness_collaboration_id_quarter_user_id",
                table: "col_effectiveness",
                columns: new[] { "collaboration_id", "quarter", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_col_fragment_codes_code_id",
                table: "col_fragment_codes",
                column: "code_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_fragments_conversation_id",
                table: "col_fragments",
                column: "conversation_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_fragments_leerregio_id",
                table: "col_fragments",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_members_collaboration_id_organization_id",
                table: "col_members",
                columns: new[] { "collaboration_id", "organization_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_col_members_organization_id",
                table: "col_members",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_theme_actions_code_id",
                table: "col_theme_actions",
                column: "code_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_urgencies_code_id",
                table: "col_urgencies",
                column: "code_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_urgencies_leerregio_id_wijk_id_code_id",
                table: "col_urgencies",
                columns: new[] { "leerregio_id", "wijk_id", "code_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_col_urgencies_wijk_id",
                table: "col_urgencies",
                column: "wijk_id");

            migrationBuilder.CreateIndex(
                name: "ix_col_wijken_wijk_id",
                table: "col_wijken",
                column: "wijk_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "col_bouwsteen_updates");

            migrationBuilder.DropTable(
                name: "col_effectiveness");

            migrationBuilder.DropTable(
                name: "col_fragment_codes");

            migrationBuilder.DropTable(
                name: "col_members");

            migrationBuilder.DropTable(
                name: "col_theme_actions");

            migrationBuilder.DropTable(
                name: "col_themes");

            migrationBuilder.DropTable(
                name: "col_urgencies");

            migrationBuilder.DropTable(
                name: "col_wijken");

            migrationBuilder.DropTable(
                name: "col_bouwstenen");

            migrationBuilder.DropTable(
                name: "col_fragments");

            migrationBuilder.DropTable(
                name: "col_codes");

            migrationBuilder.DropTable(
                name: "col_collaborations");

            migrationBuilder.DropTable(
                name: "col_conversations");
        }
    }
}
