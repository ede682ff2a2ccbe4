using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Groz.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSocialMap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sm_accessibility",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    details = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_accessibility", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_accessibility_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_addresses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    attention = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    address1 = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    address2 = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    city = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    region = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    state_province = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    postal_code = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    address_type = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_addresses", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_addresses_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_attributes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    link_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    taxonomy_term_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    link_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    link_entity = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    value = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_attributes", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_attributes_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    service_at_location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    title = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    department = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_contacts_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_cost_options",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    valid_from = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    valid_to = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    option = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    currency = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    amount_description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_cost_options", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_cost_options_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_funding",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_funding", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_funding_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_languages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    phone_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    code = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_languages", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_languages_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_locations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    location_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    alternate_name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    transportation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    external_identifier = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    external_identifier_type = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_locations", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_locations_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sm_locations_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_meta_table_descriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    character_set = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_meta_table_descriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_meta_table_descriptions_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_metadata",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    resource_type = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    last_action_date = table.Column<long>(type: "INTEGER", nullable: false),
                    last_action_type = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    field_name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    previous_value = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    replacement_value = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    updated_by_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_metadata", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_metadata_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_organization_identifiers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    identifier_scheme = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    identifier_type = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    identifier = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_organization_identifiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_organization_identifiers_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_organizations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    alternate_name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    website = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    tax_status = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    tax_id = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    year_incorporated = table.Column<int>(type: "INTEGER", nullable: true),
                    legal_status = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    logo = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    uri = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    parent_organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    publication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    modified_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_organizations", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_organizations_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_phones",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    service_at_location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    number = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    extension = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    type = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_phones", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_phones_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_programs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    alternate_name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_programs", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_programs_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_required_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    document = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    uri = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_required_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_required_documents_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_schedules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    service_at_location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    valid_from = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    valid_to = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    dtstart = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    timezone = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    count = table.Column<int>(type: "INTEGER", nullable: true),
                    wkst = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    freq = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    interval = table.Column<int>(type: "INTEGER", nullable: true),
                    byday = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    byweekno = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    bymonthday = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    byyearday = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    opens_at = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    closes_at = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    schedule_link = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    attending_type = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_schedules", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_schedules_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_service_areas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    extent = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    extent_type = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    uri = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    wijk_id = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_service_areas", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_service_areas_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sm_service_areas_wijken_wijk_id",
                        column: x => x.wijk_id,
                        principalTable: "wijken",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_service_at_locations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_service_at_locations", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_service_at_locations_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_services",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    program_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    alternate_name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    interpretation_services = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    application_process = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    fees_description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    wait_time = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    fees = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    accreditations = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    eligibility_description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    minimum_age = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    maximum_age = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    assured_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    assurer_email = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    licenses = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    alert = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    last_modified = table.Column<long>(type: "INTEGER", nullable: false),
                    publication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    last_checked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    owner_organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    platforms = table.Column<int>(type: "INTEGER", nullable: false),
                    digi_d_required = table.Column<bool>(type: "INTEGER", nullable: true),
                    start_help = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    start_help_organization_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_services", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_services_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_taxonomies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    uri = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    version = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_taxonomies", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_taxonomies_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sm_taxonomy_terms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    leerregio_id = table.Column<int>(type: "INTEGER", nullable: true),
                    code = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    parent_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    taxonomy = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    taxonomy_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    term_uri = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sm_taxonomy_terms", x => x.id);
                    table.ForeignKey(
                        name: "fk_sm_taxonomy_terms_leerregios_leerregio_id",
                        column: x => x.leerregio_id,
                        principalTable: "leerregios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "sm_taxonomies",
                columns: new[] { "id", "description", "leerregio_id", "name", "uri", "version" },
                values: new object[,]
                {
                    { new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), "Voor wie een dienst bedoeld is: kinderen, jongeren, ouderen, mantelzorgers, nieuwkomers en andere groepen.", null, "groz-target-groups", null, "1" },
                    { new Guid("ebce2760-fadf-8054-9e10-2bc5acc8363b"), "De maatschappelijke thema's van GROZ: Leefstijl dicht bij huis, Zorg voor elkaar, Vitaal werken in de wijk en de ondersteunende thema's.", null, "groz-themes", null, "1" }
                });

            migrationBuilder.InsertData(
                table: "sm_taxonomy_terms",
                columns: new[] { "id", "code", "description", "language", "leerregio_id", "name", "parent_id", "taxonomy", "taxonomy_id", "term_uri" },
                values: new object[,]
                {
                    { new Guid("09dbff56-1947-899b-8dec-f680acdc9234"), "ondernemen", "Ondersteunend thema van GROZ: Ondernemen & Waarderen.", "nl", null, "Ondernemen & Waarderen", null, "groz-themes", new Guid("ebce2760-fadf-8054-9e10-2bc5acc8363b"), null },
                    { new Guid("3c1b02af-cee7-8cfd-9a3e-baaa8b890ce6"), "ouderen", "Mensen van 65 jaar en ouder.", "nl", null, "Ouderen", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("49217cc8-a391-80e7-a34c-0662404be6ca"), "zorg-voor-elkaar", "Hoofdthema van GROZ: Zorg voor elkaar.", "nl", null, "Zorg voor elkaar", null, "groz-themes", new Guid("ebce2760-fadf-8054-9e10-2bc5acc8363b"), null },
                    { new Guid("6945007d-95ed-8cd4-babd-47f84eb32288"), "volwassenen", "Volwassenen van 18 jaar en ouder.", "nl", null, "Volwassenen", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("70ee324d-116a-8663-b69b-79b078206679"), "financiering", "Ondersteunend thema van GROZ: Alternatieve financiering.", "nl", null, "Alternatieve financiering", null, "groz-themes", new Guid("ebce2760-fadf-8054-9e10-2bc5acc8363b"), null },
                    { new Guid("72be4108-3f76-8ec8-9535-c1b6cd9ba2be"), "beperking", "Mensen met een lichamelijke, verstandelijke of psychische beperking.", "nl", null, "Mensen met een beperking", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("9504cfdd-49cd-8197-bde9-ef3ea105b03c"), "kinderen", "Kinderen tot 12 jaar.", "nl", null, "Kinderen", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("9a4289d7-0deb-87f6-b325-55ad55539df1"), "wijkportaal-data", "Ondersteunend thema van GROZ: Wijkportaal & Data.", "nl", null, "Wijkportaal & Data", null, "groz-themes", new Guid("ebce2760-fadf-8054-9e10-2bc5acc8363b"), null },
                    { new Guid("9ea4f70a-478d-834a-9ed1-5bc9d8cc1538"), "sociale-basis", "Ondersteunend thema van GROZ: Sociale basisinfrastructuur.", "nl", null, "Sociale basisinfrastructuur", null, "groz-themes", new Guid("ebce2760-fadf-8054-9e10-2bc5acc8363b"), null },
                    { new Guid("ae163af2-f54d-8abc-9090-ce8b516ee8d3"), "vrijwilligers", "Mensen die iets willen doen voor anderen in de wijk.", "nl", null, "Vrijwilligers", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("af725260-fe46-8256-a481-e6ff82de9481"), "jongeren", "Jongeren van 12 tot 23 jaar.", "nl", null, "Jongeren", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("b1807925-61a6-81aa-b5d0-1e28bf29e83a"), "leefstijl", "Hoofdthema van GROZ: Leefstijl dicht bij huis.", "nl", null, "Leefstijl dicht bij huis", null, "groz-themes", new Guid("ebce2760-fadf-8054-9e10-2bc5acc8363b"), null },
                    { new Guid("bbdf17bc-6760-8056-90eb-a3ddc325b42c"), "vitaal-werken", "Hoofdthema van GROZ: Vitaal werken in de wijk.", "nl", null, "Vitaal werken in de wijk", null, "groz-themes", new Guid("ebce2760-fadf-8054-9e10-2bc5acc8363b"), null },
                    { new Guid("ceba1f27-b8f4-8b59-95ee-3a6daa200408"), "weinig-geld", "Mensen die moeten rondkomen van een laag inkomen.", "nl", null, "Mensen met weinig geld", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("cf1544be-ea18-830e-84cf-7919c0936c31"), "werkzoekenden", "Mensen die werk, een opleiding of een dagbesteding zoeken.", "nl", null, "Werkzoekenden", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("da20d0ef-0413-8cee-9c74-532378dd3627"), "mantelzorgers", "Mensen die zorgen voor iemand in hun omgeving.", "nl", null, "Mantelzorgers", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("e0653368-043f-8e2b-be1f-0e91cd39f739"), "nieuwkomers", "Mensen die net in Nederland of in de wijk wonen.", "nl", null, "Nieuwkomers", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null },
                    { new Guid("f63bff45-e3aa-8605-bf17-7b2000dc6962"), "ouders", "Ouders, verzorgers en gezinnen met kinderen.", "nl", null, "Ouders en gezinnen", null, "groz-target-groups", new Guid("90f5100e-a9ca-8df4-bfb1-059559a93f72"), null }
                });

            migrationBuilder.CreateIndex(
                name: "ix_sm_accessibility_leerregio_id",
                table: "sm_accessibility",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_accessibility_location_id",
                table: "sm_accessibility",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_addresses_leerregio_id",
                table: "sm_addresses",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_addresses_location_id",
                table: "sm_addresses",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_attributes_leerregio_id",
                table: "sm_attributes",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_attributes_link_id_link_type",
                table: "sm_attributes",
                columns: new[] { "link_id", "link_type" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_attributes_taxonomy_term_id",
                table: "sm_attributes",
                column: "taxonomy_term_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_contacts_email",
                table: "sm_contacts",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_sm_contacts_leerregio_id",
                table: "sm_contacts",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_contacts_location_id",
                table: "sm_contacts",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_contacts_organization_id",
                table: "sm_contacts",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_contacts_service_at_location_id",
                table: "sm_contacts",
                column: "service_at_location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_contacts_service_id",
                table: "sm_contacts",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_cost_options_leerregio_id",
                table: "sm_cost_options",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_cost_options_service_id",
                table: "sm_cost_options",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_funding_leerregio_id",
                table: "sm_funding",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_funding_organization_id",
                table: "sm_funding",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_funding_service_id",
                table: "sm_funding",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_languages_leerregio_id",
                table: "sm_languages",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_languages_location_id",
                table: "sm_languages",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_languages_phone_id",
                table: "sm_languages",
                column: "phone_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_languages_service_id",
                table: "sm_languages",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_locations_leerregio_id",
                table: "sm_locations",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_locations_organization_id",
                table: "sm_locations",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_locations_wijk_id",
                table: "sm_locations",
                column: "wijk_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_meta_table_descriptions_leerregio_id",
                table: "sm_meta_table_descriptions",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_metadata_leerregio_id",
                table: "sm_metadata",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_metadata_resource_id_last_action_date",
                table: "sm_metadata",
                columns: new[] { "resource_id", "last_action_date" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_metadata_updated_by_user_id",
                table: "sm_metadata",
                column: "updated_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_organization_identifiers_identifier_scheme_identifier",
                table: "sm_organization_identifiers",
                columns: new[] { "identifier_scheme", "identifier" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_organization_identifiers_leerregio_id",
                table: "sm_organization_identifiers",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_organization_identifiers_organization_id",
                table: "sm_organization_identifiers",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_organizations_leerregio_id_publication",
                table: "sm_organizations",
                columns: new[] { "leerregio_id", "publication" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_organizations_parent_organization_id",
                table: "sm_organizations",
                column: "parent_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_phones_contact_id",
                table: "sm_phones",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_phones_leerregio_id",
                table: "sm_phones",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_phones_location_id",
                table: "sm_phones",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_phones_organization_id",
                table: "sm_phones",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_phones_service_at_location_id",
                table: "sm_phones",
                column: "service_at_location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_phones_service_id",
                table: "sm_phones",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_programs_leerregio_id",
                table: "sm_programs",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_programs_organization_id",
                table: "sm_programs",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_required_documents_leerregio_id",
                table: "sm_required_documents",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_required_documents_service_id",
                table: "sm_required_documents",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_schedules_leerregio_id",
                table: "sm_schedules",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_schedules_location_id",
                table: "sm_schedules",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_schedules_service_at_location_id",
                table: "sm_schedules",
                column: "service_at_location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_schedules_service_id",
                table: "sm_schedules",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_service_areas_leerregio_id",
                table: "sm_service_areas",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_service_areas_service_id",
                table: "sm_service_areas",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_service_areas_wijk_id",
                table: "sm_service_areas",
                column: "wijk_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_service_at_locations_leerregio_id",
                table: "sm_service_at_locations",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_service_at_locations_location_id",
                table: "sm_service_at_locations",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_service_at_locations_service_id",
                table: "sm_service_at_locations",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_services_last_modified",
                table: "sm_services",
                column: "last_modified");

            migrationBuilder.CreateIndex(
                name: "ix_sm_services_leerregio_id_publication_last_modified",
                table: "sm_services",
                columns: new[] { "leerregio_id", "publication", "last_modified" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_services_organization_id",
                table: "sm_services",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_services_owner_organization_id",
                table: "sm_services",
                column: "owner_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_services_program_id",
                table: "sm_services",
                column: "program_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_taxonomies_leerregio_id_name",
                table: "sm_taxonomies",
                columns: new[] { "leerregio_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_sm_taxonomy_terms_leerregio_id",
                table: "sm_taxonomy_terms",
                column: "leerregio_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_taxonomy_terms_parent_id",
                table: "sm_taxonomy_terms",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_sm_taxonomy_terms_taxonomy_id",
                table: "sm_taxonomy_terms",
                column: "taxonomy_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sm_accessibility");

            migrationBuilder.DropTable(
                name: "sm_addresses");

            migrationBuilder.DropTable(
                name: "sm_attributes");

            migrationBuilder.DropTable(
                name: "sm_contacts");

            migrationBuilder.DropTable(
                name: "sm_cost_options");

            migrationBuilder.DropTable(
                name: "sm_funding");

            migrationBuilder.DropTable(
                name: "sm_languages");

            migrationBuilder.DropTable(
                name: "sm_locations");

            migrationBuilder.DropTable(
                name: "sm_meta_table_descriptions");

            migrationBuilder.DropTable(
                name: "sm_metadata");

            migrationBuilder.DropTable(
                name: "sm_organization_identifiers");

            migrationBuilder.DropTable(
                name: "sm_organizations");

            migrationBuilder.DropTable(
                name: "sm_phones");

            migrationBuilder.DropTable(
                name: "sm_programs");

            migrationBuilder.DropTable(
                name: "sm_required_documents");

            migrationBuilder.DropTable(
                name: "sm_schedules");

            migrationBuilder.DropTable(
                name: "sm_service_areas");

            migrationBuilder.DropTable(
                name: "sm_service_at_locations");

            migrationBuilder.DropTable(
                name: "sm_services");

            migrationBuilder.DropTable(
                name: "sm_taxonomies");

            migrationBuilder.DropTable(
                name: "sm_taxonomy_terms");
        }
    }
}
