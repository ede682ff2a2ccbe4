using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWelcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "welcome_letter_batches",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    letters = table.Column<int>(type: "INTEGER", nullable: false),
                    skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    created_by_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welcome_letter_batches", x => x.id);
                    table.ForeignKey(
                        name: "fk_welcome_letter_batches_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "welcome_letters",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    batch_id = table.Column<int>(type: "INTEGER", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: false),
                    street = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    house_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    postcode = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    city = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welcome_letters", x => x.id);
                    table.ForeignKey(
                        name: "fk_welcome_letters_welcome_letter_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "welcome_letter_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_welcome_letters_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "welcome_routes",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: false),
                    code_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    interests = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    situations = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    letter_id = table.Column<int>(type: "INTEGER", nullable: true),
                    maatje_request_id = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welcome_routes", x => x.id);
                    table.ForeignKey(
                        name: "fk_welcome_routes_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_welcome_routes_welcome_letters_letter_id",
                        column: x => x.letter_id,
                        principalTable: "welcome_letters",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_welcome_routes_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_welcome_letter_batches_leerregio_id_created_at",
                table: "welcome_letter_batches",
                columns: new[] { "leerregio_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_welcome_letters_batch_id",
                table: "welcome_letters",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_welcome_letters_code",
                table: "welcome_letters",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_welcome_letters_leerregio_id_used_at",
                table: "welcome_letters",
                columns: new[] { "leerregio_id", "used_at" });

            migrationBuilder.CreateIndex(
                name: "ix_welcome_letters_wijk_id",
                table: "welcome_letters",
                column: "wijk_id");

            migrationBuilder.CreateIndex(
                name: "ix_welcome_routes_code_hash",
                table: "welcome_routes",
                column: "code_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_welcome_routes_expires_at",
                table: "welcome_routes",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_welcome_routes_leerregio_id_created_at",
                table: "welcome_routes",
                columns: new[] { "leerregio_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_welcome_routes_letter_id",
                table: "welcome_routes",
                column: "letter_id");

            migrationBuilder.CreateIndex(
                name: "ix_welcome_routes_wijk_id",
                table: "welcome_routes",
                column: "wijk_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "welcome_routes");

            migrationBuilder.DropTable(
                name: "welcome_letters");

            migrationBuilder.DropTable(
                name: "welcome_letter_batches");
        }
    }
}
