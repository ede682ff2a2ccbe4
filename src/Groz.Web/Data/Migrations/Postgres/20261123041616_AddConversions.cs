using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Groz.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddConversions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "timebank_budgets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    funder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    amount_euros = table.Column<long>(type: "bigint", precision: 12, scale: 2, nullable: false),
                    remaining_euros = table.Column<long>(type: "bigint", precision: 12, scale: 2, nullable: false),
                    period_from = table.Column<DateOnly>(type: "date", nullable: false),
                    period_to = table.Column<DateOnly>(type: "date", nullable: false),
                    wijk_id = table.Column<int>(type: "integer", nullable: true),
                    created_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_budgets", x => x.id);
                    table.CheckConstraint("ck_timebank_budgets_remaining", "remaining_euros >= 0");
                    table.ForeignKey(
                        name: "fk_timebank_budgets_asp_net_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_budgets_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_budgets_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_conversion_rates",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    euros_per_hour = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    created_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_conversion_rates", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_conversion_rates_asp_net_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversion_rates_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_conversion_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    cap_per_month_euros = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    cap_per_year_euros = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    payer_name = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: true),
                    payer_iban = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: true),
                    payer_bic = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_conversion_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_conversion_settings_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_payout_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    message_id = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    number_of_transactions = table.Column<int>(type: "integer", nullable: false),
                    control_sum = table.Column<long>(type: "bigint", precision: 12, scale: 2, nullable: false),
                    requested_execution_date = table.Column<DateOnly>(type: "date", nullable: false),
                    xml_protected = table.Column<string>(type: "text", maxLength: 4000, nullable: false),
                    created_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_payout_batches", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_payout_batches_asp_net_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_payout_batches_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_conversions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    leerregio_id = table.Column<int>(type: "integer", nullable: false),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    requested_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    rate_id = table.Column<int>(type: "integer", nullable: false),
                    euros_per_hour = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    amount_euros = table.Column<long>(type: "bigint", precision: 12, scale: 2, nullable: false),
                    request_date = table.Column<DateOnly>(type: "date", nullable: false),
                    iban_protected = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    iban_masked = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    account_holder = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    transfer_id = table.Column<long>(type: "bigint", nullable: false),
                    reversal_transfer_id = table.Column<long>(type: "bigint", nullable: true),
                    budget_id = table.Column<int>(type: "integer", nullable: true),
                    decided_by_user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    payout_batch_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_conversions", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_conversions_asp_net_users_requested_by_user_id",
                        column: x => x.requested_by_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversions_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversions_payout_batches_payout_batch_id",
                        column: x => x.payout_batch_id,
                        principalTable: "timebank_payout_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversions_time_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "timebank_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversions_timebank_budgets_budget_id",
                        column: x => x.budget_id,
                        principalTable: "timebank_budgets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversions_timebank_conversion_rates_rate_id",
                        column: x => x.rate_id,
                        principalTable: "timebank_conversion_rates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversions_transfers_reversal_transfer_id",
                        column: x => x.reversal_transfer_id,
                        principalTable: "timebank_transfers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_conversions_transfers_transfer_id",
                        column: x => x.transfer_id,
                        principalTable: "timebank_transfers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "timebank_budget_movements",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    budget_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amount_euros = table.Column<long>(type: "bigint", precision: 12, scale: 2, nullable: false),
                    conversion_id = table.Column<long>(type: "bigint", nullable: true),
                    user_id = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timebank_budget_movements", x => x.id);
                    table.ForeignKey(
                        name: "fk_timebank_budget_movements_conversions_conversion_id",
                        column: x => x.conversion_id,
                        principalTable: "timebank_conversions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_timebank_budget_movements_timebank_budgets_budget_id",
                        column: x => x.budget_id,
                        principalTable: "timebank_budgets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_budget_movements_budget_id_id",
                table: "timebank_budget_movements",
                columns: new[] { "budget_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_budget_movements_conversion_id_kind",
                table: "timebank_budget_movements",
                columns: new[] { "conversion_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_budgets_created_by_user_id",
                table: "timebank_budgets",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_budgets_leerregio_id_period_to",
                table: "timebank_budgets",
                columns: new[] { "leerregio_id", "period_to" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_budgets_wijk_id",
                table: "timebank_budgets",
                column: "wijk_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversion_rates_created_by_user_id",
                table: "timebank_conversion_rates",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversion_rates_leerregio_id_valid_from",
                table: "timebank_conversion_rates",
                columns: new[] { "leerregio_id", "valid_from" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversion_settings_leerregio_id",
                table: "timebank_conversion_settings",
                column: "leerregio_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversions_account_id_request_date",
                table: "timebank_conversions",
                columns: new[] { "account_id", "request_date" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversions_budget_id",
                table: "timebank_conversions",
                column: "budget_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversions_leerregio_id_status_id",
                table: "timebank_conversions",
                columns: new[] { "leerregio_id", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversions_payout_batch_id",
                table: "timebank_conversions",
                column: "payout_batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversions_rate_id",
                table: "timebank_conversions",
                column: "rate_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversions_requested_by_user_id",
                table: "timebank_conversions",
                column: "requested_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversions_reversal_transfer_id",
                table: "timebank_conversions",
                column: "reversal_transfer_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_conversions_transfer_id",
                table: "timebank_conversions",
                column: "transfer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timebank_payout_batches_created_by_user_id",
                table: "timebank_payout_batches",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_timebank_payout_batches_leerregio_id_id",
                table: "timebank_payout_batches",
                columns: new[] { "leerregio_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_timebank_payout_batches_message_id",
                table: "timebank_payout_batches",
                column: "message_id",
                unique: true);

            // Budget movements are the euro ledger's history: append-only, like the hour entries (invariant 6).
            migrationBuilder.Sql("""
                CREATE FUNCTION timebank_budget_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'timebank_budget_movements is append-only: release or reserve with a new movement'; END $$;
                CREATE TRIGGER timebank_budget_movements_append_only BEFORE UPDATE OR DELETE ON timebank_budget_movements
                FOR EACH ROW EXECUTE FUNCTION timebank_budget_movements_append_only();
                CREATE TRIGGER timebank_budget_movements_no_truncate BEFORE TRUNCATE ON timebank_budget_movements
                FOR EACH STATEMENT EXECUTE FUNCTION timebank_budget_movements_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS timebank_budget_movements_no_truncate ON timebank_budget_movements;
                DROP TRIGGER IF EXISTS timebank_budget_movements_append_only ON timebank_budget_movements;
                DROP FUNCTION IF EXISTS timebank_budget_movements_append_only();
                """);
            migrationBuilder.DropTable(
                name: "timebank_budget_movements");

            migrationBuilder.DropTable(
                name: "timebank_conversion_settings");

            migrationBuilder.DropTable(
                name: "timebank_conversions");

            migrationBuilder.DropTable(
                name: "timebank_payout_batches");

            migrationBuilder.DropTable(
                name: "timebank_budgets");

            migrationBuilder.DropTable(
                name: "timebank_conversion_rates");
        }
    }
}
