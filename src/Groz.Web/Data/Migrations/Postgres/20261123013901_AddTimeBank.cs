using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddTimeBank : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    response_json = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "timebank_accounts",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    balance_minutes = table.Column<int>(type: "integer", nullable: false),
                    min_minutes = table.Column<int>(type: "integer", nullable: true),
                    max_minutes = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_accounts", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_accounts_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_accounts_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    member_min_minutes = table.Column<int>(type: "integer", nullable: false),
                    member_max_minutes = table.Column<int>(type: "integer", nullable: false),
                    organisation_min_minutes = table.Column<int>(type: "integer", nullable: false),
                    organisation_max_minutes = table.Column<int>(type: "integer", nullable: false),
                    max_per_transfer_minutes = table.Column<int>(type: "integer", nullable: false),
                    exchange_needs_confirmation = table.Column<bool>(type: "boolean", nullable: false),
                    social_value_per_hour = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_settings_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_transfers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_account_id = table.Column<int>(type: "integer", nullable: false),
                    to_account_id = table.Column<int>(type: "integer", nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    recorded_on_behalf = table.Column<bool>(type: "boolean", nullable: false),
                    reverses_transfer_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_transfers", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_transfers_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_transfers_timebank_accounts_from_account_id",
                        column: x => x.from_account_id,
                        principalTable: "timebank_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_transfers_timebank_accounts_to_account_id",
                        column: x => x.to_account_id,
                        principalTable: "timebank_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_transfers_timebank_transfers_reverses_transfer_id",
                        column: x => x.reverses_transfer_id,
                        principalTable: "timebank_transfers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    transfer_id = table.Column<long>(type: "bigint", nullable: false),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_entries_timebank_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "timebank_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_entries_transfers_transfer_id",
                        column: x => x.transfer_id,
                        principalTable: "timebank_transfers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_user_id_key",
                table: "idempotency_keys",
                columns: new[] { "user_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_accounts_leerregio_id_kind_user_id",
                table: "timebank_accounts",
                columns: new[] { "leerregio_id", "kind", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_accounts_user_id",
                table: "timebank_accounts",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_entries_account_id_id",
                table: "timebank_entries",
                columns: new[] { "account_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_entries_transfer_id",
                table: "timebank_entries",
                column: "transfer_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_settings_leerregio_id",
                table: "timebank_settings",
                column: "leerregio_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_transfers_from_account_id",
                table: "timebank_transfers",
                column: "from_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_transfers_leerregio_id_created_at",
                table: "timebank_transfers",
                columns: new[] { "leerregio_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_transfers_reverses_transfer_id",
                table: "timebank_transfers",
                column: "reverses_transfer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_transfers_to_account_id",
                table: "timebank_transfers",
                column: "to_account_id");

            // The ledger is append-only (invariant 5): the database itself refuses to change or remove an entry.
            migrationBuilder.Sql("""
                CREATE FUNCTION timebank_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'timebank_entries is append-only: correct with a reversing transfer'; END $$;
                CREATE TRIGGER timebank_entries_append_only BEFORE UPDATE OR DELETE ON timebank_entries
                FOR EACH ROW EXECUTE FUNCTION timebank_entries_append_only();
                CREATE TRIGGER timebank_entries_no_truncate BEFORE TRUNCATE ON timebank_entries
                FOR EACH STATEMENT EXECUTE FUNCTION timebank_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS timebank_entries_no_truncate ON timebank_entries;
                DROP TRIGGER IF EXISTS timebank_entries_append_only ON timebank_entries;
                DROP FUNCTION IF EXISTS timebank_entries_append_only();
                """);

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "timebank_entries");

            migrationBuilder.DropTable(
                name: "timebank_settings");

            migrationBuilder.DropTable(
                name: "timebank_transfers");

            migrationBuilder.DropTable(
                name: "timebank_accounts");
        }
    }
}
