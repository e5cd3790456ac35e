using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Auth;
using AtlanTokens.Emulator.Errors;
using AtlanTokens.Emulator.Hosting;
using AtlanTokens.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtlanTokens.Emulator.Api;

/// <summary>POST /api/meta/search/indexsearch (contract §3–4): personas, connections and query collections, as the (possibly lagging) index sees them.</summary>
internal static class SearchEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services) =>
        routes.MapPost("/api/meta/search/indexsearch", context => SearchAsync(context, services));

    private static async Task SearchAsync(HttpContext context, EmulatorServices services)
    {
        Caller caller = CallerContext.Get(context);
        JsonObject body = await RequestJson.ReadObjectAsync(context);
        JsonObject dsl = body["dsl"] as JsonObject
            ?? throw ServiceRefusalException.BadRequest(20, "The search request must contain a 'dsl' object.", "dsl");
        SearchQuery query = SearchQuery.Parse(dsl);
        IReadOnlyList<string>? requested = body.ContainsKey("attributes") ? RequestJson.RequireStringArray(body, "attributes") : [];
        if (body.ContainsKey("relationAttributes"))
        {
            RequestJson.RequireStringArray(body, "relationAttributes");
        }

        System.DateTimeOffset now = services.Time.GetUtcNow();
        (int total, List<JsonObject> entities) = services.Store.Assets.Use(assets =>
        {
            // The index lags the store (contract "Atlas behaviours"): search matches and answers from the indexed view.
            List<AssetEntry> matches = query.Order(assets
                .Where(asset => AssetAccess.CanSee(caller, asset))
                .Select(asset => asset.IndexView(now))
                .Where(query.Matches)).ToList();
            return (matches.Count, matches.Skip(query.From).Take(query.Size).Select(asset => AssetJson.Render(asset, requested)).ToList());
        });

        var response = new JsonObject
        {
            ["queryType"] = "INDEX",
            ["searchParameters"] = new JsonObject
            {
                ["dsl"] = dsl.DeepClone(),
                ["attributes"] = body["attributes"]?.DeepClone() ?? new JsonArray(),
                ["relationAttributes"] = body["relationAttributes"]?.DeepClone() ?? new JsonArray(),
                ["requestMetadata"] = body["requestMetadata"]?.DeepClone(),
                ["query"] = JsonResponse.Serialize(dsl["query"]),
            },
            ["approximateCount"] = total,
        };

        // Like Atlas, a search without hits has no 'entities' key at all.
        if (entities.Count > 0)
        {
            response["entities"] = new JsonArray([.. entities]);
        }

        await JsonResponse.WriteAsync(context, response);
    }
}
