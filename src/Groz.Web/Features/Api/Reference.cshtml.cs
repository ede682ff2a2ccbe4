using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Groz.Web.Features.Api;

/// <summary>
/// The browsable API reference: rendered on the server from the same endpoint descriptions as /openapi/v1.json,
/// so it needs no script (the strict CSP stays as it is) and works with a screen reader.
/// </summary>
public sealed class ReferenceModel(IApiDescriptionGroupCollectionProvider explorer) : PageModel
{
    public sealed record Endpoint(string Method, string Path, string? Summary, bool RequiresAuth, IReadOnlyList<(string Name, string Source, string Type)> Parameters, IReadOnlyList<int> Statuses);

    public List<(string Tag, List<Endpoint> Endpoints)> Groups { get; private set; } = [];

    public void OnGet()
    {
        Groups = explorer.ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true)
            .Select(d => (
                Tag: d.ActionDescriptor.EndpointMetadata.OfType<ITagsMetadata>().SelectMany(t => t.Tags).FirstOrDefault() ?? "API",
                Endpoint: new Endpoint(
                    d.HttpMethod ?? "GET",
                    "/" + d.RelativePath,
                    d.ActionDescriptor.EndpointMetadata.OfType<IEndpointSummaryMetadata>().FirstOrDefault()?.Summary,
                    d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(),
                    d.ParameterDescriptions
                        .Where(p => p.Source.Id is "Path" or "Query" or "Body")
                        .Select(p => (p.Name, p.Source.Id, p.Type?.Name ?? "")).ToList(),
                    d.SupportedResponseTypes.Select(r => r.StatusCode).Distinct().Order().ToList())))
            .GroupBy(x => x.Tag)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(x => x.Endpoint).OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).ToList()))
            .ToList();
    }
}
