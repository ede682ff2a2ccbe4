using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Monitoring;

internal sealed class IndicatorDefinitionConfiguration : IEntityTypeConfiguration<IndicatorDefinition>
{
    public void Configure(EntityTypeBuilder<IndicatorDefinition> b)
    {
        b.ToTable("mon_indicators");
        b.Property(x => x.Code).HasMaxLength(80);
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.NameNl).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(200);
        b.Property(x => x.Unit).HasMaxLength(80);
        b.Property(x => x.InstrumentVersion).HasMaxLength(80);
        b.Property(x => x.NumeratorNl).HasMaxLength(500);
        b.Property(x => x.DenominatorNl).HasMaxLength(500);
        b.Property(x => x.NumeratorEn).HasMaxLength(500);
        b.Property(x => x.DenominatorEn).HasMaxLength(500);
    }
}

internal sealed class IndicatorValueConfiguration : IEntityTypeConfiguration<IndicatorValue>
{
    public void Configure(EntityTypeBuilder<IndicatorValue> b)
    {
        b.ToTable("mon_values");
        b.Property(x => x.AreaCode).HasMaxLength(40);
        // Four places: shares are kept as fractions-of-100 with two decimals, rates per 1,000 residents likewise.
        b.Property(x => x.Numerator).HasPrecision(14, 4);
        b.Property(x => x.Denominator).HasPrecision(14, 4);
        b.Property(x => x.Value).HasPrecision(14, 4);
        b.HasOne(x => x.Indicator).WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Regions.Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        // One value per indicator, area and period: the job replaces it when it computes the period again.
        b.HasIndex(x => new { x.IndicatorId, x.LeerregioId, x.Level, x.AreaCode, x.PeriodKind, x.PeriodStart, x.WaveId }).IsUnique();
        b.HasIndex(x => new { x.LeerregioId, x.PeriodKind, x.PeriodStart });
    }
}

internal sealed class MonitoringSettingsConfiguration : IEntityTypeConfiguration<MonitoringSettings>
{
    public void Configure(EntityTypeBuilder<MonitoringSettings> b)
    {
        b.ToTable("mon_settings");
        b.HasIndex(x => x.LeerregioId).IsUnique();
        b.HasOne<Regions.Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> b)
    {
        b.ToTable("mon_surveys");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Introduction).HasMaxLength(2000);
        b.Property(x => x.ConsentVersion).HasMaxLength(40);
        b.Property(x => x.ConsentText).HasMaxLength(2000);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.HasOne<Regions.Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Questions).WithOne().HasForeignKey(q => q.SurveyId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Waves).WithOne(w => w.Survey).HasForeignKey(w => w.SurveyId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.LeerregioId);
    }
}

internal sealed class SurveyQuestionConfiguration : IEntityTypeConfiguration<SurveyQuestion>
{
    public void Configure(EntityTypeBuilder<SurveyQuestion> b)
    {
        b.ToTable("mon_questions");
        b.Property(x => x.TextNl).HasMaxLength(500);
        b.Property(x => x.TextEn).HasMaxLength(500);
        b.Property(x => x.OptionsNl).HasMaxLength(2000);
        b.Property(x => x.OptionsEn).HasMaxLength(2000);
        b.Property(x => x.ItemKey).HasMaxLength(40);
        b.HasIndex(x => new { x.SurveyId, x.Position });
    }
}

internal sealed class SurveyWaveConfiguration : IEntityTypeConfiguration<SurveyWave>
{
    public void Configure(EntityTypeBuilder<SurveyWave> b)
    {
        b.ToTable("mon_waves");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Token).HasMaxLength(64);
        b.HasIndex(x => x.Token).IsUnique();
        b.HasIndex(x => x.LeerregioId);
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> b)
    {
        b.ToTable("mon_responses");
        b.Property(x => x.Pseudonym).HasMaxLength(64);
        b.Property(x => x.ConsentVersion).HasMaxLength(40);
        b.HasOne<SurveyWave>().WithMany().HasForeignKey(x => x.WaveId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.WaveId, x.WijkId });
        // A pseudonym answers a wave once (the participation mark refuses it first; this is the database's word on it).
        b.HasIndex(x => new { x.WaveId, x.Pseudonym }).IsUnique();
    }
}

internal sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> b)
    {
        b.ToTable("mon_answers");
        b.Property(x => x.Text).HasMaxLength(500);
        b.HasOne<SurveyQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SurveyParticipationConfiguration : IEntityTypeConfiguration<SurveyParticipation>
{
    public void Configure(EntityTypeBuilder<SurveyParticipation> b)
    {
        b.ToTable("mon_participations");
        b.Property(x => x.Mark).HasMaxLength(64);
        b.HasOne<SurveyWave>().WithMany().HasForeignKey(x => x.WaveId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.WaveId, x.Mark }).IsUnique();
    }
}
