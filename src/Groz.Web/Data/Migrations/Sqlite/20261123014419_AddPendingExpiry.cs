using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddPendingExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "pending_expiry_days",
                table: "timebank_settings",
                type: "INTEGER",
                nullable: false,
                // Existing banks get the same 14 days as new ones; 0 would expire every pending exchange at once.
                defaultValue: 14);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "pending_expiry_days",
                table: "timebank_settings");
        }
    }
}
