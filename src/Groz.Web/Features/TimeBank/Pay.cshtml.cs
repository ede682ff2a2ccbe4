using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

public sealed class PayModel(GrozDbContext db, Banks banks, RecordTransfer record, UserManager<GrozUser> users, IStringLocalizer<SharedResource> l)
    : TransferFormModel(db, banks, record, users, l)
{
    protected override TransferKind Kind => TransferKind.Exchange;
}
