namespace Groz.Web.Features.Knowledge;

/// <summary>
/// The comments under a document or an update, and the form to add one: the same partial on both pages. FieldId is
/// unique on the page (a page can list several updates), Error and Value come back after a refused comment.
/// </summary>
public sealed record CommentsBlock(string FieldId, List<LearningEnvironment.CommentView> Comments, bool CanComment, int? UpdateId,
    string? Error = null, string? Value = null);
