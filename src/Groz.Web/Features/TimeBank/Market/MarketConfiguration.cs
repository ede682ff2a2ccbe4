using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.TimeBank;

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> b)
    {
        b.ToTable("timebank_offers");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(Offer.MaxTitle);
        b.Property(x => x.Description).HasMaxLength(Offer.MaxDescription);
        b.Property(x => x.Theme).HasMaxLength(40);
        b.Property(x => x.Availability).HasMaxLength(Offer.MaxAvailability);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        // The list: open items of a leerregio, newest first.
        b.HasIndex(x => new { x.LeerregioId, x.Status, x.Id });
        b.HasIndex(x => x.OwnerUserId);
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.ToTable("timebank_conversations");
        b.HasOne<Offer>().WithMany().HasForeignKey(x => x.OfferId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.ResponderUserId).OnDelete(DeleteBehavior.Restrict);
        // Responding twice to one item opens the same conversation again.
        b.HasIndex(x => new { x.OfferId, x.ResponderUserId }).IsUnique();
        b.HasIndex(x => x.OwnerUserId);
        b.HasIndex(x => x.ResponderUserId);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> b)
    {
        b.ToTable("timebank_messages");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Text).HasMaxLength(Message.MaxText);
        b.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Transfer>().WithMany().HasForeignKey(x => x.TransferId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ConversationId, x.Id });
        b.HasIndex(x => x.AuthorUserId);
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("timebank_products");
        b.Property(x => x.Title).HasMaxLength(Product.MaxTitle);
        b.Property(x => x.Description).HasMaxLength(Product.MaxDescription);
        b.Property(x => x.Theme).HasMaxLength(40);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TimeAccount>().WithMany().HasForeignKey(x => x.SellerAccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.LeerregioId, x.Active });
        b.HasIndex(x => x.OwnerUserId);
    }
}

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> b)
    {
        b.ToTable("timebank_purchases");
        b.HasKey(x => x.TransferId);
        b.Property(x => x.TransferId).ValueGeneratedNever();
        b.HasOne<Transfer>().WithOne().HasForeignKey<Purchase>(x => x.TransferId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.BuyerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ProductId);
        b.HasIndex(x => x.BuyerUserId);
    }
}
