using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Auth;
using KubeContainers.LocalCluster.Faults;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tables;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// Serves the Kubernetes REST API over one catch-all route: parses the URL, maps verbs to
/// <see cref="ResourceService"/>, and writes objects, lists, Tables and metav1.Status errors as JSON. Every request is
/// authenticated and authorized first (<see cref="ClusterAuth"/>), before the path is routed, as kube-apiserver's filters
/// run before its handlers: a user who may not list an unknown resource gets 403, not 404.
/// </summary>
internal sealed class ApiHandler(ResourceService api, ClusterAuth auth, FaultInjector faults, WatchStreamer watches, RequestStats stats, PodStreams pods, TimeProvider clock)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        RequestCount? counted = null;
        try
        {
            var path = ApiPath.Parse(request.Path.Value ?? "", IsNamespaced);
            var type = path is null ? null : api.Registry.Find(path.Group, path.Version, path.Plural);
            var isWatch = IsTrue(request.Query["watch"]);
            var served = type is not null && IsServedSubresource(type, path!.Subresource);
            if (served)
            {
                // Counted before authentication, so a 401 or 403 counts as an error of the resource it asked for.
                counted = stats.Start(
                    Manager(request),
                    RequestStats.VerbOf(request.Method, path!.Name is not null, isWatch),
                    path.Subresource is null ? type!.QualifiedName : $"{type!.QualifiedName}/{path.Subresource}");
            }

            var user = auth.Admit(request);
            if (path is null)
            {
                await ServeNonResourceAsync(context);
                return;
            }

            if (!served)
            {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            }

            var isWrite = !HttpMethods.IsGet(request.Method);
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, context.RequestAborted);
            }

            if (faults.Draw(isWrite, isWatch) is { } fault)
            {
                throw fault;
            }

            await DispatchAsync(context, type!, path, isWatch, user);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e);
        }
        catch (ResourceExpiredException e)
        {
            await WriteErrorAsync(context, ApiException.Gone(e.Message));
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, ApiException.BadRequest($"the request body is not valid JSON: {e.Message}"));
        }
        finally
        {
            if (counted is not null && context.Response.StatusCode >= 400)
            {
                counted.AddError();
            }
        }
    }

    private bool IsNamespaced(string group, string version, string plural) =>
        api.Registry.Find(group, version, plural)?.Namespaced ?? false;

    private static bool IsRbac(ResourceType type) =>
        type == BuiltinResources.Roles || type == BuiltinResources.ClusterRoles || type == BuiltinResources.RoleBindings || type == BuiltinResources.ClusterRoleBindings;

    private static bool IsServedSubresource(ResourceType type, string? subresource) => subresource switch
    {
        null or "status" or "finalize" => true,
        ScaleSubresource.Name => type.HasScale,
        "token" => type == BuiltinResources.ServiceAccounts,
        PodStreams.Log or PodStreams.Exec or PodStreams.Attach => type == BuiltinResources.Pods,
        _ => false,
    };

    private async Task DispatchAsync(HttpContext context, ResourceType type, ApiPath path, bool isWatch, UserInfo user)
    {
        var request = context.Request;
        if (type == BuiltinResources.Pods && path.Subresource is PodStreams.Log or PodStreams.Exec or PodStreams.Attach)
        {
            await pods.ServeAsync(context, path.Namespace ?? "", path.Name!, path.Subresource, user);
            return;
        }

        if (type.CreateOnly || path.Subresource == "token")
        {
            await DispatchAuthAsync(context, type, path, user);
            return;
        }

        var query = request.Query;
        var subresource = path.Subresource == "finalize" ? null : path.Subresource;
        var options = new WriteOptions(
            Manager(request),
            DryRun: query["dryRun"] == "All",
            FieldValidation: query["fieldValidation"].FirstOrDefault() ?? "Warn") { User = user };

        if (path.Subresource == ScaleSubresource.Name)
        {
            await DispatchScaleAsync(context, type, path, options);
            return;
        }

        switch (request.Method)
        {
            case "GET" when path.Name is null && isWatch:
                await watches.StreamAsync(context, type, path.Namespace, ListOptionsOf(query), WantsTable(request), context.RequestAborted);
                return;
            case "GET" when path.Name is null:
                await WriteListAsync(context, type, api.List(type, path.Namespace, ListOptionsOf(query)));
                return;
            case "GET":
                var found = api.Get(type, path.Namespace, path.Name);
                await WriteObjectAsync(context, 200, WantsTable(request) ? TableOf(type, [found], query, null, null) : found);
                return;
            case "POST" when path.Name is null:
                var body = await ReadObjectAsync(request);
                RbacEscalation.Check(auth.Authorizer, api.Store, user, type, path.Namespace, path.Name, body);
                RefuseIfAsked(type, path.Namespace, body.Name() ?? (body["metadata"]?["generateName"] as JsonValue)?.GetValue<string>(), "CREATE", null);
                var created = api.Create(type, path.Namespace, body, options);
                await WriteObjectAsync(context, 201, created, options);
                return;
            case "PUT" when path.Name is not null:
                var replacement = await ReadObjectAsync(request);
                RbacEscalation.Check(auth.Authorizer, api.Store, user, type, path.Namespace, path.Name, replacement);
                RefuseIfAsked(type, path.Namespace, path.Name, "UPDATE", subresource);
                var updated = api.Update(type, path.Namespace, path.Name, replacement, subresource, options);
                await WriteObjectAsync(context, 200, updated, options);
                return;
            case "PATCH" when path.Name is not null:
                var contentType = (request.ContentType ?? "").Split(';')[0].Trim();
                if (!PatchTypes.IsKnown(contentType))
                {
                    throw ApiException.UnsupportedMediaType(contentType);
                }

                var existed = api.TryGet(type, path.Namespace, path.Name) is not null;
                RefuseIfAsked(type, path.Namespace, path.Name, existed ? "UPDATE" : "CREATE", subresource);
                var patch = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted)
                    ?? throw ApiException.BadRequest("empty patch");
                if (IsRbac(type) && !user.InGroup(UserInfo.Masters))
                {
                    // The escalation check looks at the object the patch would store: a dry run first.
                    var wouldStore = api.Patch(type, path.Namespace, path.Name, contentType, patch.DeepClone(), subresource,
                        new WriteOptions(options.Manager, DryRun: true, options.FieldValidation) { User = user }, IsTrue(query["force"]));
                    RbacEscalation.Check(auth.Authorizer, api.Store, user, type, path.Namespace, path.Name, wouldStore);
                }

                var patched = api.Patch(type, path.Namespace, path.Name, contentType, patch, subresource, options, IsTrue(query["force"]));
                await WriteObjectAsync(context, existed ? 200 : 201, patched, options);
                return;
            case "DELETE" when path.Name is not null:
                RefuseIfAsked(type, path.Namespace, path.Name, "DELETE", null);
                var deleteOptions = await DeleteOptionsOfAsync(request) with { User = user };
                var result = api.Delete(type, path.Namespace, path.Name, deleteOptions);
                await WriteObjectAsync(context, result.Removed ? 200 : 202, result.Removed ? SuccessStatus(type, result.Object) : result.Object);
                return;
            case "DELETE":
                var collectionOptions = await DeleteOptionsOfAsync(request) with { User = user };
                var page = api.List(type, path.Namespace, ListOptionsOf(query));
                foreach (var item in page.Items)
                {
                    api.Delete(type, item.Namespace, item.Name, collectionOptions);
                }

                await WriteListAsync(context, type, page);
                return;
            default:
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    /// <summary>The reviews (create only, never stored) and serviceaccounts/NAME/token (create only).</summary>
    private async Task DispatchAuthAsync(HttpContext context, ResourceType type, ApiPath path, UserInfo user)
    {
        var request = context.Request;
        if (request.Method != "POST" || (path.Subresource == "token") != (path.Name is not null))
        {
            throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var body = await ReadObjectAsync(request);
        var answer = path.Subresource == "token"
            ? auth.Endpoints.CreateToken(path.Namespace ?? "", path.Name!, body)
            : auth.Endpoints.Review(type, path.Namespace, body, user);
        await WriteObjectAsync(context, 201, answer);
    }

    /// <summary>A write the tests asked the fault injector to refuse, as a webhook would (writes of the object
    /// itself, not of its subresources such as status).</summary>
    private void RefuseIfAsked(ResourceType type, string? @namespace, string? name, string operation, string? subresource)
    {
        if (subresource is null && faults.Refuse(type, @namespace, name, operation) is { } refused)
        {
            throw refused;
        }
    }

    /// <summary>/scale of a Deployment or ReplicaSet: get, update and patch of an autoscaling/v1 Scale (no watch, create or delete).</summary>
    private async Task DispatchScaleAsync(HttpContext context, ResourceType type, ApiPath path, WriteOptions options)
    {
        var request = context.Request;
        var name = path.Name!;
        switch (request.Method)
        {
            case "GET":
                var scale = api.GetScale(type, path.Namespace, name);
                await WriteObjectAsync(context, 200, WantsTable(request)
                    ? TableBuilder.Build([scale], ScaleSubresource.ScaleKind.Group, ScaleSubresource.ScaleKind.Kind, null,
                        request.Query["includeObject"].FirstOrDefault() ?? "Metadata", clock.GetUtcNow(), null, null)
                    : scale);
                return;
            case "PUT":
                var updated = api.UpdateScale(type, path.Namespace, name, await ReadObjectAsync(request), options);
                await WriteObjectAsync(context, 200, updated, options);
                return;
            case "PATCH":
                var contentType = (request.ContentType ?? "").Split(';')[0].Trim();
                if (!PatchTypes.IsKnown(contentType))
                {
                    throw ApiException.UnsupportedMediaType(contentType);
                }

                var patch = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted)
                    ?? throw ApiException.BadRequest("empty patch");
                var patched = api.PatchScale(type, path.Namespace, name, contentType, patch, options, IsTrue(request.Query["force"]));
                await WriteObjectAsync(context, 200, patched, options);
                return;
            default:
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private async Task ServeNonResourceAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "/").TrimEnd('/');
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        JsonObject? document = segments switch
        {
            ["version"] => Discovery.Version(),
            ["api"] => Discovery.CoreVersions($"{context.Request.Host}"),
            ["api", "v1"] => Discovery.ResourceList(api.Registry, "", "v1"),
            ["apis"] => Discovery.GroupList(api.Registry),
            ["apis", var g] when api.Registry.Versions(g).Count > 0 => Discovery.Group(api.Registry, g),
            ["apis", var g, var v] when api.Registry.Versions(g).Contains(v) => Discovery.ResourceList(api.Registry, g, v),
            ["openapi", "v3"] => OpenApi.Root(api.Registry),
            ["openapi", "v3", .. var gv] => OpenApi.GroupVersion(api.Registry, string.Join('/', gv)),
            _ => null,
        };
        if (document is not null)
        {
            await WriteObjectAsync(context, 200, document);
            return;
        }

        if (segments is ["healthz"] or ["readyz"] or ["livez"])
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok", context.RequestAborted);
            return;
        }

        throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }

    private async Task WriteListAsync(HttpContext context, ResourceType type, ListResult list)
    {
        var query = context.Request.Query;
        if (WantsTable(context.Request))
        {
            var objects = list.Items.Select(i => i.ToJsonObject()).ToList();
            await WriteObjectAsync(context, 200, TableOf(type, objects, query, list.Revision, list.Continue));
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("kind", type.ListKind);
        writer.WriteString("apiVersion", type.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", list.Revision.ToString(CultureInfo.InvariantCulture));
        if (list.Continue is not null)
        {
            writer.WriteString("continue", list.Continue);
        }

        if (list.RemainingItemCount is { } remaining)
        {
            writer.WriteNumber("remainingItemCount", remaining);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var item in list.Items)
        {
            writer.WriteRawValue(item.Json, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private JsonObject TableOf(ResourceType type, IEnumerable<JsonObject> objects, IQueryCollection query, long? revision, string? continueToken) =>
        TableBuilder.Build(objects, type.Group, type.Kind, type.PrinterColumns, query["includeObject"].FirstOrDefault() ?? "Metadata",
            clock.GetUtcNow(), revision?.ToString(CultureInfo.InvariantCulture), continueToken);

    private static JsonObject SuccessStatus(ResourceType type, JsonObject deleted) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = deleted.Name(), ["group"] = type.Group, ["kind"] = type.Plural, ["uid"] = deleted.Uid() },
    };

    internal static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal));

    private static ListOptions ListOptionsOf(IQueryCollection query) => new(
        query["labelSelector"].FirstOrDefault(),
        query["fieldSelector"].FirstOrDefault(),
        int.TryParse(query["limit"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) ? limit : 0,
        query["continue"].FirstOrDefault(),
        query["resourceVersion"].FirstOrDefault());

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        var contentType = (request.ContentType ?? "application/json").Split(';')[0].Trim();
        if (contentType == ProtobufBody.ContentType)
        {
            return ProtobufBody.Decode(await ReadBytesAsync(request));
        }

        if (contentType is not ("application/json" or "*/*" or ""))
        {
            // CBOR and the like are not served: 415 tells client-go to send JSON instead.
            throw ApiException.UnsupportedMediaType(contentType);
        }

        var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        return node as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task<DeleteOptions> DeleteOptionsOfAsync(HttpRequest request)
    {
        var query = request.Query;
        JsonObject? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            // client-go's typed clients send DeleteOptions in protobuf (helm uninstall's Secrets).
            body = (request.ContentType ?? "").StartsWith(ProtobufBody.ContentType, StringComparison.Ordinal)
                ? ProtobufBody.Decode(await ReadBytesAsync(request))
                : (await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted)) as JsonObject;
        }

        var orphan = body?["orphanDependents"]?.GetValue<bool>() ?? IsTrue(query["orphanDependents"]);
        var policy = body.Str("propagationPolicy") ?? query["propagationPolicy"].FirstOrDefault() ?? (orphan ? "Orphan" : null);
        var dryRun = query["dryRun"] == "All" || body?["dryRun"] is JsonArray { Count: > 0 };
        return new DeleteOptions(policy, body?["preconditions"].Str("uid"), body?["preconditions"].Str("resourceVersion"), dryRun);
    }

    /// <summary>fieldManager, or the user agent's first word as the apiserver derives it ("kubectl", "KubernetesClient").</summary>
    private static string Manager(HttpRequest request)
    {
        if (request.Query["fieldManager"].FirstOrDefault() is { Length: > 0 } manager)
        {
            return manager;
        }

        var agent = request.Headers.UserAgent.FirstOrDefault() ?? "unknown";
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? agent[..slash] : agent;
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.FirstOrDefault() is "true" or "1" or "True";

    internal static async Task WriteObjectAsync(HttpContext context, int code, JsonObject body, WriteOptions? options = null)
    {
        foreach (var warning in options?.Warnings ?? [])
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        body.WriteTo(writer);
        await writer.FlushAsync(context.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        if (error.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        return WriteObjectAsync(context, error.Code, error.ToStatus());
    }
}
