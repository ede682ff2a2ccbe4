using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddLearning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kb_comments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    document_id = table.Column<int>(type: "integer", nullable: true),
                    update_id = table.Column<int>(type: "integer", nullable: true),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    author_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kb_comments", x => x.id);
                    table.CheckConstraint("ck_kb_comments_one_target", "(document_id IS NULL) <> (update_id IS NULL)");
                    table.ForeignKey(
                        name: "fk_kb_comments_asp_net_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_kb_comments_col_bouwsteen_updates_update_id",
                        column: x => x.update_id,
                        principalTable: "col_bouwsteen_updates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_kb_comments_kb_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "kb_documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "kb_digest_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    item_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kb_digest_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_kb_digest_items_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "kb_follows",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kb_follows", x => x.id);
                    table.ForeignKey(
                        name: "fk_kb_follows_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "kb_update_attachments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    update_id = table.Column<int>(type: "integer", nullable: false),
                    stored_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kb_update_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_kb_update_attachments_col_bouwsteen_updates_update_id",
                        column: x => x.update_id,
                        principalTable: "col_bouwsteen_updates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_kb_comments_author_user_id",
                table: "kb_comments",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_kb_comments_document_id_id",
                table: "kb_comments",
                columns: new[] { "document_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_kb_comments_update_id_id",
                table: "kb_comments",
                columns: new[] { "update_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_kb_digest_items_sent_at",
                table: "kb_digest_items",
                column: "sent_at");

            migrationBuilder.CreateIndex(
                name: "ix_kb_digest_items_user_id_item_type_item_id",
                table: "kb_digest_items",
                columns: new[] { "user_id", "item_type", "item_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kb_follows_kind_code",
                table: "kb_follows",
                columns: new[] { "kind", "code" });

            migrationBuilder.CreateIndex(
                name: "ix_kb_follows_user_id_kind_code",
                table: "kb_follows",
                columns: new[] { "user_id", "kind", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kb_update_attachments_update_id",
                table: "kb_update_attachments",
                column: "update_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kb_comments");

            migrationBuilder.DropTable(
                name: "kb_digest_items");

            migrationBuilder.DropTable(
                name: "kb_follows");

            migrationBuilder.DropTable(
                name: "kb_update_attachments");
        }
    }
}
