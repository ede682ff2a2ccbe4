using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddMarketplace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "offer_id",
                table: "timebank_transfers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "payment_request",
                table: "timebank_transfers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "theme",
                table: "timebank_transfers",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "timebank_offers",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    owner_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    theme = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: false),
                    availability = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    start_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    end_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_offers_asp_net_users_owner_user_id",
                        column: x => x.owner_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_offers_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_offers_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_products",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    seller_account_id = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    theme = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    price_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_products", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_products_asp_net_users_owner_user_id",
                        column: x => x.owner_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_products_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_products_time_accounts_seller_account_id",
                        column: x => x.seller_account_id,
                        principalTable: "timebank_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_conversations",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    offer_id = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    responder_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_message_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_message_by_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    owner_read_at = table.Column<long>(type: "INTEGER", nullable: true),
                    responder_read_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_conversations", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_conversations_asp_net_users_owner_user_id",
                        column: x => x.owner_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversations_asp_net_users_responder_user_id",
                        column: x => x.responder_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversations_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversations_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "timebank_offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_purchases",
                columns: table => new
                {
                    transfer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    product_id = table.Column<int>(type: "INTEGER", nullable: false),
                    buyer_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    unit_price_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_purchases", x => x.transfer_id);
                    table.ForeignKey(
                        name: "fk_timebank_purchases_asp_net_users_buyer_user_id",
                        column: x => x.buyer_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_purchases_timebank_products_product_id",
                        column: x => x.product_id,
                        principalTable: "timebank_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_purchases_transfers_transfer_id",
                        column: x => x.transfer_id,
                        principalTable: "timebank_transfers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    conversation_id = table.Column<int>(type: "INTEGER", nullable: false),
                    author_user_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    transfer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_messages_asp_net_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_messages_timebank_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "timebank_conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_messages_transfers_transfer_id",
                        column: x => x.transfer_id,
                        principalTable: "timebank_transfers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_transfers_offer_id",
                table: "timebank_transfers",
                column: "offer_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversations_leerregio_id",
                table: "timebank_conversations",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversations_offer_id_responder_user_id",
                table: "timebank_conversations",
                columns: new[] { "offer_id", "responder_user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversations_owner_user_id",
                table: "timebank_conversations",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversations_responder_user_id",
                table: "timebank_conversations",
                column: "responder_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_messages_author_user_id",
                table: "timebank_messages",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_messages_conversation_id_id",
                table: "timebank_messages",
                columns: new[] { "conversation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_messages_transfer_id",
                table: "timebank_messages",
                column: "transfer_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_offers_leerregio_id_status_id",
                table: "timebank_offers",
                columns: new[] { "leerregio_id", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_offers_owner_user_id",
                table: "timebank_offers",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_offers_wijk_id",
                table: "timebank_offers",
                column: "wijk_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_products_leerregio_id_active",
                table: "timebank_products",
                columns: new[] { "leerregio_id", "active" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_products_owner_user_id",
                table: "timebank_products",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_products_seller_account_id",
                table: "timebank_products",
                column: "seller_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_purchases_buyer_user_id",
                table: "timebank_purchases",
                column: "buyer_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_purchases_product_id",
                table: "timebank_purchases",
                column: "product_id");

            migrationBuilder.AddForeignKey(
                name: "fk_timebank_transfers_timebank_offers_offer_id",
                table: "timebank_transfers",
                column: "offer_id",
                principalTable: "timebank_offers",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_timebank_transfers_timebank_offers_offer_id",
                table: "timebank_transfers");

            migrationBuilder.DropTable(
                name: "timebank_messages");

            migrationBuilder.DropTable(
                name: "timebank_purchases");

            migrationBuilder.DropTable(
                name: "timebank_conversations");

            migrationBuilder.DropTable(
                name: "timebank_products");

            migrationBuilder.DropTable(
                name: "timebank_offers");

            migrationBuilder.DropIndex(
                name: "ix_timebank_transfers_offer_id",
                table: "timebank_transfers");

            migrationBuilder.DropColumn(
                name: "offer_id",
                table: "timebank_transfers");

            migrationBuilder.DropColumn(
                name: "payment_request",
                table: "timebank_transfers");

            migrationBuilder.DropColumn(
                name: "theme",
                table: "timebank_transfers");
        }
    }
}
