using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    text_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    args = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    link = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    subject_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    subject_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    read_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_subject_type_subject_id_kind",
                table: "notifications",
                columns: new[] { "subject_type", "subject_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_user_id_read_at_id",
                table: "notifications",
                columns: new[] { "user_id", "read_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notifications");
        }
    }
}
